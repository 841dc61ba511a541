// Every market of every venue (or of the filtered one) at a glance; click a row for its book,
// an instrument for the cross-venue view.
import { useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useLive } from '../../live/LiveContext';
import { formatLike } from '../../lib/decimal';
import { formatAgo, formatCount } from '../../lib/format';
import { InstrumentLink } from '../cross/InstrumentLink';
import { useVenueFilter } from '../venues/useVenueFilter';
import { bookPath, overviewState } from '../book/paths';
import { SortHeader } from './SortHeader';
import { ageTone, filterRows, sortRows, toRow, type Sort, type SortKey } from './rows';

const COLUMNS: Array<{ key: SortKey; label: string; numeric: boolean }> = [
  { key: 'venue', label: 'Venue', numeric: false },
  { key: 'symbol', label: 'Market', numeric: false },
  { key: 'msgRate', label: 'Msgs/s', numeric: true },
  { key: 'writeRate', label: 'Writes/s', numeric: true },
  { key: 'age', label: 'Age', numeric: true },
  { key: 'bestBid', label: 'Best bid', numeric: true },
  { key: 'bestAsk', label: 'Best ask', numeric: true },
  { key: 'spreadBps', label: 'Spread', numeric: true },
  { key: 'levels', label: 'Levels', numeric: true },
  { key: 'gaps', label: 'Gaps', numeric: true },
];

export function MarketsTable() {
  const { markets, stats } = useLive();
  const [venue] = useVenueFilter();
  const navigate = useNavigate();
  const { search } = useLocation();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<Sort>({ key: 'msgRate', dir: 'desc' });
  const now = stats?.now ?? Date.now();
  const rows = useMemo(
    () => sortRows(filterRows(markets.map((m) => toRow(m, now)), query, venue), sort),
    [markets, now, query, sort, venue],
  );
  const onSort = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'symbol' || key === 'venue' ? 'asc' : 'desc' }));
  // The book page's "← Overview" comes back to this view, venue filter included.
  const open = (v: string, symbol: string) => navigate(bookPath(v, symbol), { state: overviewState(search) });
  const total = venue ? markets.filter((m) => m.venue === venue).length : markets.length;
  // Filtered to one venue, its column says nothing the filter does not.
  const columns = venue ? COLUMNS.filter((c) => c.key !== 'venue') : COLUMNS;

  return (
    <section className="panel" aria-labelledby="markets-title">
      <header className="panel-head">
        <h2 id="markets-title">Markets <span className="count">{rows.length}/{total}</span></h2>
        <input type="search" className="filter" placeholder="Symbol or instrument" aria-label="Filter markets by symbol or instrument" value={query} onChange={(e) => setQuery(e.target.value)} />
      </header>
      <div className="table-scroll">
        <table className={`markets${venue ? '' : ' with-venue'}`} data-testid="markets-table">
          <thead>
            <tr>{columns.map((c) => <SortHeader key={c.key} column={c.key} label={c.label} numeric={c.numeric} sort={sort} onSort={onSort} />)}</tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.venue}:${r.symbol}`} data-testid="market-row" data-venue={r.venue} data-symbol={r.symbol} onClick={() => open(r.venue, r.symbol)} className={r.valid ? undefined : 'invalid'}>
                {!venue && <td className="venue" data-testid="market-venue">{r.venue}</td>}
                <th scope="row">
                  <a href={bookPath(r.venue, r.symbol)} onClick={(e) => { e.preventDefault(); open(r.venue, r.symbol); }}>{r.symbol}</a>
                  {!r.valid && !r.everValid && (
                    <span className="tag tone-bad" data-testid="market-no-book" title="The venue has not sent this market's snapshot since it was subscribed: nothing is written for it">
                      no book yet{r.noBookFor !== null && ` · ${formatAgo(r.noBookFor)}`}
                    </span>
                  )}
                  {!r.valid && r.everValid && <span className="tag tone-warn" title="Between a gap and the next snapshot: not written">resync{r.noBookFor !== null && ` · ${formatAgo(r.noBookFor)}`}</span>}
                  {r.crossed && (
                    <span className="tag tone-warn" data-testid="market-crossed" title={`Best bid >= best ask, as the venue sent it: written flagged "crossed":true (${r.crossedWrites} snapshots so far)`}>crossed</span>
                  )}
                  {!r.crossed && r.crossedWrites > 0 && <span className="tag tone-muted" title="Snapshots written while the book was crossed">crossed ×{r.crossedWrites}</span>}
                  {r.instrument && <InstrumentLink instrument={r.instrument} />}
                </th>
                <td>{formatCount(r.msgRate)}</td>
                <td>{formatCount(r.writeRate)}</td>
                <td className={`age tone-${ageTone(r.age)}`} data-testid="market-age">{r.age === null ? 'never' : formatAgo(r.age)}</td>
                <td className="bid">{r.bestBid ?? '–'}</td>
                <td className="ask">{r.bestAsk ?? '–'}</td>
                <td>{formatLike(r.spread, r.bestBid, r.bestAsk)}{r.spreadBps !== null && <span className="sub"> {r.spreadBps.toFixed(1)} bps</span>}</td>
                <td title={`${r.bidLevels} bids / ${r.askLevels} asks`}>{r.levels}</td>
                <td className={r.gaps > 0 ? 'tone-warn' : undefined}>{r.gaps}</td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr><td colSpan={columns.length} className="empty">{markets.length === 0 ? 'No markets yet.' : 'No market matches the filter.'}</td></tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
