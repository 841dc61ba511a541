// Feed and Redis state, always visible in the header: with several venues, one pill per venue
// (its feed and its readiness: a venue down shows alone), each a link to that venue's overview;
// then Redis and Ready.
import { Link } from 'react-router-dom';
import { useLive } from '../../live/LiveContext';
import { useVenueFilter } from '../venues/useVenueFilter';
import { feedBadge, readyBadge, redisBadge, venueBadge, type Badge } from './statusTone';

function Pill({ id, label, badge, to, current = false }: { id: string; label: string; badge: Badge; to?: string; current?: boolean }) {
  const body = (
    <>
      <span className="dot" aria-hidden="true" />
      <span className="pill-label">{label}</span>
      <strong className="pill-text">{badge.text}</strong>
      <span className="pill-detail">{badge.detail}</span>
    </>
  );
  if (to) return <Link to={to} className={`pill compact tone-${badge.tone}`} aria-current={current ? 'true' : undefined} data-testid={`status-${id}`} title={`${label}: ${badge.detail}. Click to show ${label} alone.`}>{body}</Link>;
  return <div className={`pill tone-${badge.tone}`} data-testid={`status-${id}`} title={badge.detail}>{body}</div>;
}

export function StatusPills() {
  const { stats, venueStats, link } = useLive();
  const [filtered] = useVenueFilter();
  const open = link === 'open';
  return (
    <div className="pills" role="status" aria-label="Service status">
      {venueStats.length > 1
        ? venueStats.map((v) => <Pill key={v.feed.venue} id={`feed-${v.feed.venue}`} label={v.feed.venue} badge={venueBadge(v, open)} to={`/?venue=${encodeURIComponent(v.feed.venue)}`} current={filtered === v.feed.venue} />)
        : <Pill id="feed" label="Feed" badge={feedBadge(stats, open)} />}
      <Pill id="redis" label="Redis" badge={redisBadge(stats, open)} />
      <Pill id="ready" label="Ready" badge={readyBadge(stats, open)} />
    </div>
  );
}
