import type { ConfigResponse } from '@ob/protocol';
import { formatAgo, formatClock } from '../../lib/format';

export function LastChange({ change, now }: { change: ConfigResponse['lastChange']; now: number }) {
  if (!change) return <p className="last-change" data-testid="last-change">Defaults since start; never changed.</p>;
  return (
    <p className="last-change" data-testid="last-change">
      Last changed {new Date(change.at).toLocaleDateString()} {formatClock(change.at)} ({formatAgo(now - change.at)} ago)
      {' '}by <strong>{change.by}</strong>: {change.changed.join(', ') || 'nothing'}.
    </p>
  );
}
