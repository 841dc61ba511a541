// Feed and Redis state, always visible in the header: with several venues, one pill per venue's
// feed (a venue down shows alone), beside Redis.
import { useLive } from '../../live/LiveContext';
import { feedBadge, readyBadge, redisBadge, venueBadge, type Badge } from './statusTone';

function Pill({ id, label, badge, compact = false }: { id: string; label: string; badge: Badge; compact?: boolean }) {
  return (
    <div className={`pill tone-${badge.tone}${compact ? ' compact' : ''}`} data-testid={`status-${id}`} title={badge.detail}>
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
  const venues = stats?.venues ?? [];
  return (
    <div className="pills" role="status" aria-label="Service status">
      {venues.length > 1
        ? venues.map((v) => <Pill key={v.venue} id={`feed-${v.venue}`} label={v.venue} badge={venueBadge(v, open)} compact />)
        : <Pill id="feed" label="Feed" badge={feedBadge(stats, open)} />}
      <Pill id="redis" label="Redis" badge={redisBadge(stats, open)} />
      <Pill id="ready" label="Ready" badge={readyBadge(stats, open)} />
    </div>
  );
}
