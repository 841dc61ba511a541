// Feed and Redis state, always visible in the header.
import { useLive } from '../../live/LiveContext';
import { feedBadge, readyBadge, redisBadge, type Badge } from './statusTone';

function Pill({ id, label, badge }: { id: string; label: string; badge: Badge }) {
  return (
    <div className={`pill tone-${badge.tone}`} data-testid={`status-${id}`} title={badge.detail}>
      <span className="dot" aria-hidden="true" />
      <span className="pill-label">{label}</span>
      <strong className="pill-text">{badge.text}</strong>
      <span className="pill-detail">{badge.detail}</span>
    </div>
  );
}

export function StatusPills() {
  const { stats, link } = useLive();
  const open = link === 'open';
  return (
    <div className="pills" role="status" aria-label="Service status">
      <Pill id="feed" label="Feed" badge={feedBadge(stats, open)} />
      <Pill id="redis" label="Redis" badge={redisBadge(stats, open)} />
      <Pill id="ready" label="Ready" badge={readyBadge(stats, open)} />
    </div>
  );
}
