// Every venue's connections side by side (GET /api/feed?venue= for each, polled): a row per
// venue with the panel's headline figures, and their sums; a venue's name shows it alone.
import { formatCount } from '../../lib/format';
import { VenuePick } from '../venues/VenuePick';
import { summarizeFeed, totalOf } from './summary';
import { useFeeds } from './useFeed';

const warnIf = (bad: boolean) => (bad ? 'tone-warn' : undefined);

export function ConnectionsByVenue({ venues }: { venues: readonly string[] }) {
  const { data, error } = useFeeds(venues);
  const rows = (data ?? []).map((r) => ({ ...r, s: r.data ? summarizeFeed(r.data) : null }));
  const t = totalOf(rows.flatMap((r) => (r.data ? [r.data] : [])));
  return (
    <>
      <div className="panel-head">
        <h2>Connections {venues.length > 0 && <span className="count">{venues.length} venues</span>}</h2>
      </div>
      {!data ? <div className="empty">{error ? `Connections: ${error}` : 'Reading the feeds…'}</div> : (
        <div className="table-scroll">
          <table className="connections-table by-venue" aria-label="Connections by venue" data-testid="connections-by-venue">
            <thead>
              <tr>
                <th>venue</th><th className="num">open</th><th className="num">markets live</th><th className="num">reconnects</th>
                <th className="num">subscribe budget</th><th className="num">in flight</th><th className="num">venue errors</th><th className="num">stuck</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ venue, data: f, s, error: e }) => (
                <tr key={venue} data-testid="feed-venue-row" data-venue={venue}>
                  <td><VenuePick venue={venue} /></td>
                  {!f || !s ? <td colSpan={7} className="muted">{e ?? 'the adapter reports no connection view'}</td> : (
                    <>
                      <td className={`num ${s.total === 0 ? 'tone-bad' : warnIf(s.open < s.total) ?? ''}`} title={s.total === 0 ? `No connection: the market list was read ${f.refreshes} times (${f.refreshFailures} failed)` : undefined}>{s.open} of {s.total}</td>
                      <td className={`num ${warnIf(s.live < s.markets) ?? ''}`}>{formatCount(s.live)} of {formatCount(s.markets)}</td>
                      <td className="num">{formatCount(s.reconnects)}</td>
                      <td className={`num ${warnIf(s.budgetUse > 0.9) ?? ''}`}>{s.messages}</td>
                      <td className="num">{s.inFlight}</td>
                      <td className={`num ${warnIf(s.errors > 0) ?? ''}`}>{formatCount(s.errors)}</td>
                      <td className={`num ${f.stuck.length > 0 ? 'tone-bad' : ''}`}>{formatCount(f.stuck.length)}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="feed-venue-totals">
                <th>total</th>
                <td className="num">{t.open} of {t.total}</td>
                <td className="num">{formatCount(t.live)} of {formatCount(t.markets)}</td>
                <td className="num">{formatCount(t.reconnects)}</td>
                <td /><td />
                <td className="num">{formatCount(t.errors)}</td>
                <td className="num">{formatCount(t.stuck)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {data && error && <p className="field-error">Last poll failed: {error}</p>}
    </>
  );
}
