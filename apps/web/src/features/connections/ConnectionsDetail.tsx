// One venue's connections (GET /api/feed?venue=, polled): each connection's markets, state, age
// and reconnects; the subscribe budget in use; venue error codes by code and market; and markets
// the feed is backing off on because their snapshot never came ("stuck", the feed's side; the
// markets table's "no book yet" is the streamer's).
import type { FeedConnections } from '@ob/protocol';
import { Figure } from '../../lib/Figure';
import { formatAgo, formatCount } from '../../lib/format';
import { summarizeFeed } from './summary';
import { useFeed } from './useFeed';

const STATE_TONE: Record<FeedConnections['connections'][number]['state'], string> = {
  open: 'ok', connecting: 'warn', backoff: 'bad', idle: 'muted', stopped: 'muted',
};

function ConnectionsTable({ data }: { data: FeedConnections }) {
  return (
    // Scrolls sideways on its own on a narrow screen, so the page does not.
    <div className="table-scroll">
    <table className="connections-table" aria-label="Venue connections">
      <thead>
        <tr><th>#</th><th>state</th><th className="num">markets</th><th className="num">live</th><th className="num">age</th><th className="num">reconnects</th><th className="num">recycled</th></tr>
      </thead>
      <tbody>
        {data.connections.length === 0 && <tr><td colSpan={7} className="muted">No connection: no markets to subscribe yet.</td></tr>}
        {data.connections.map((c) => (
          <tr key={c.index} data-testid="feed-connection">
            <td>{c.index}</td>
            <td><span className={`state-dot tone-${STATE_TONE[c.state]}`} aria-hidden="true" />{c.state}</td>
            <td className="num">{c.markets}</td>
            <td className="num">{c.live}</td>
            <td className="num">{c.state === 'open' ? formatAgo(c.ageMs) : '–'}</td>
            <td className="num">{c.reconnects}</td>
            <td className="num">{c.recycles}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

function VenueErrors({ data }: { data: FeedConnections }) {
  if (data.venueErrors.length === 0) return <p className="hint" data-testid="feed-no-errors">No error frames from the venue.</p>;
  return (
    <ul className="venue-errors" aria-label="Venue error codes">
      {data.venueErrors.map((e) => (
        <li key={e.code} data-testid="feed-error" title={e.lastMessage}>
          <code>{e.code}</code> <strong>{formatCount(e.count)}×</strong> <span className="muted">{e.lastMessage}</span>
          {e.markets.length > 0 && <span className="error-markets"> · {e.markets.slice(0, 5).map((m) => `${m.symbol} ${m.count}`).join(', ')}{e.markets.length > 5 ? ', …' : ''}</span>}
        </li>
      ))}
    </ul>
  );
}

function StuckMarkets({ data }: { data: FeedConnections }) {
  if (data.stuck.length === 0) return null;
  return (
    <>
      <h3>Stuck: subscribed, no snapshot (backing off)</h3>
      <ul className="stuck-markets" aria-label="Markets stuck without a snapshot">
        {data.stuck.map((s) => (
          <li key={s.market} data-testid="feed-stuck-market">
            <span>{s.symbol}</span>
            <strong>{formatAgo(s.stuckMs)}</strong>
            <span className="muted">{s.attempts} tries{s.state === 'backoff' ? `, next in ${formatAgo(s.retryInMs)}` : ', awaiting'}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** `tagged`: the server streams several venues, so the heading names the one shown. */
export function ConnectionsDetail({ venue, tagged }: { venue: string; tagged: boolean }) {
  const { data, error, fetchedAt } = useFeed(venue);
  const answered = fetchedAt > 0;
  return (
    <>
      <div className="panel-head">
        <h2>Connections{tagged && <span className="venue-tag" data-testid="panel-venue">{venue}</span>}</h2>
        {data && <code className="count">{tagged ? '' : `${data.venue} · `}{data.marketsPerConnection} markets a connection</code>}
      </div>
      {answered && !data && <p className="hint" data-testid="feed-no-view">The {venue} adapter reports no connection view.</p>}
      {!answered && <div className="empty">{error ? `Connections: ${error}` : 'Reading the feed…'}</div>}
      {data && (() => {
        const s = summarizeFeed(data);
        return (
          <>
            <div className="figures">
              <Figure testId="feed-open" label="Connections open" value={`${s.open} of ${s.total}`} tone={s.total === 0 ? 'bad' : s.open < s.total ? 'warn' : undefined} />
              <Figure testId="feed-markets" label="Markets live" value={`${formatCount(s.live)} of ${formatCount(s.markets)}`} tone={s.live < s.markets ? 'warn' : undefined} />
              <Figure testId="feed-reconnects" label="Reconnects" value={formatCount(s.reconnects)} />
              <Figure testId="feed-messages" label="Subscribe budget" value={s.messages} tone={s.budgetUse > 0.9 ? 'warn' : undefined} />
              <Figure testId="feed-in-flight" label="In flight" value={s.inFlight} />
              <Figure testId="feed-errors" label="Venue errors" value={formatCount(s.errors)} tone={s.errors > 0 ? 'warn' : undefined} />
              <Figure testId="feed-stuck" label="Stuck markets" value={formatCount(data.stuck.length)} tone={data.stuck.length > 0 ? 'bad' : undefined} />
            </div>
            <div className="connections-body">
              <ConnectionsTable data={data} />
              <div className="connections-side">
                <h3>Venue error codes</h3>
                <VenueErrors data={data} />
                <StuckMarkets data={data} />
                {data.unplaced > 0 && <p className="field-error">{data.unplaced} markets not streamed: past the venue's connection cap.</p>}
                {data.refreshes === 0 && data.refreshFailures > 0
                  ? <p className="field-error" data-testid="feed-no-market-list">The venue&apos;s market list could not be read ({formatCount(data.refreshFailures)} tries failed): nothing to subscribe. The server log has why.</p>
                  : <p className="hint">Market list read {data.refreshes === 1 ? 'once' : `${formatCount(data.refreshes)} times`}{data.refreshFailures > 0 ? ` (${data.refreshFailures} failed)` : ''}{data.lastRefreshAt > 0 ? `, last ${formatAgo(Date.now() - data.lastRefreshAt)} ago` : ''}.</p>}
              </div>
            </div>
            {error && <p className="field-error">Last poll failed: {error}</p>}
          </>
        );
      })()}
    </>
  );
}
