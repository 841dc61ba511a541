// Route /instruments/:key: one instrument on every venue that lists it, side by side: each
// venue's best bid and ask with sizes, its spread, how far it is from the best across venues,
// and its bid-ask range on a shared price axis. Polled at CROSS_POLL_MS (one small request).
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { groupKey } from '@ob/protocol';
import { getInstrument } from '../../api/client';
import { useLive } from '../../live/LiveContext';
import { formatAgo } from '../../lib/format';
import { usePolled } from '../../lib/usePolled';
import { bookPath } from '../book/paths';
import { crossView } from './crossMath';
import { crossPath } from './InstrumentLink';

export const CROSS_POLL_MS = 500;

/** Instruments the live markets list, most venues first. */
function useInstrumentKeys(): Array<{ key: string; venues: number }> {
  const { markets } = useLive();
  return useMemo(() => {
    const count = new Map<string, Set<string>>();
    for (const m of markets) {
      const g = groupKey(m.instrument);
      if (!g) continue;
      let s = count.get(g.key);
      if (!s) { s = new Set(); count.set(g.key, s); }
      s.add(m.venue);
    }
    return [...count].map(([key, v]) => ({ key, venues: v.size })).sort((a, b) => b.venues - a.venues || a.key.localeCompare(b.key));
  }, [markets]);
}

const fmtBps = (x: number | null) => (x === null ? '–' : `${x.toFixed(1)} bps`);

export function CrossVenuePage() {
  const params = useParams();
  const navigate = useNavigate();
  const keys = useInstrumentKeys();
  const key = params.key ?? keys[0]?.key ?? '';
  const { data: group, error } = usePolled((signal) => getInstrument(key, signal), CROSS_POLL_MS, [key], key !== '');

  const view = crossView(group);
  const now = Date.now();
  return (
    <section className="panel cross-page" aria-labelledby="cross-title">
      <header className="panel-head">
        <Link to="/" className="back">← Overview</Link>
        <h2 id="cross-title">Cross-venue <span className="venue-tag">{key || '–'}</span></h2>
        <label className="hint">
          Instrument{' '}
          <select value={key} onChange={(e) => navigate(crossPath(e.target.value))} data-testid="cross-select" aria-label="Instrument">
            {keys.map((k) => <option key={k.key} value={k.key}>{k.key} ({k.venues} venue{k.venues === 1 ? '' : 's'})</option>)}
          </select>
        </label>
      </header>
      {error && <p className="tone-bad" role="alert">{error}</p>}
      {!group && !error && <div className="empty">Waiting for the books…</div>}
      {group && (
        <>
          <p className="cross-summary" data-testid="cross-summary">
            Best bid <strong className="bid">{view.bestBid ? view.bestBid.price : '–'}</strong> on {view.bestBid?.venue ?? '–'}
            {' · '}best ask <strong className="ask">{view.bestAsk ? view.bestAsk.price : '–'}</strong> on {view.bestAsk?.venue ?? '–'}
            {' · '}
            {view.crossSpreadBps === null ? 'no cross-venue spread'
              : view.crossSpreadBps < 0 ? <strong className="tone-warn">venues cross by {fmtBps(-view.crossSpreadBps)}</strong>
                : <>cross-venue spread {fmtBps(view.crossSpreadBps)}</>}
          </p>
          <div className="table-scroll">
            <table className="markets cross" data-testid="cross-table">
              <thead>
                <tr>
                  <th>Venue</th><th>Market</th><th className="num">Bid size</th><th className="num">Bid</th>
                  <th className="num">Ask</th><th className="num">Ask size</th><th className="num">Spread</th>
                  <th className="num">Bid vs best</th><th className="num">Ask vs best</th><th className="num">Updated</th>
                </tr>
              </thead>
              <tbody>
                {view.rows.map((r) => (
                  <tr key={`${r.venue}:${r.symbol}`} data-testid="cross-row" data-venue={r.venue} className={r.valid ? undefined : 'invalid'}>
                    <td className="venue">{r.venue}</td>
                    <th scope="row"><Link to={bookPath(r.venue, r.symbol)}>{r.symbol}</Link><span className="sub instrument">{r.instrument}</span></th>
                    <td>{r.bidSize ?? '–'}</td>
                    <td className={`bid${r.isBestBid ? ' best' : ''}`} data-testid={r.isBestBid ? 'best-bid' : undefined}>{r.bidText ?? '–'}</td>
                    <td className={`ask${r.isBestAsk ? ' best' : ''}`} data-testid={r.isBestAsk ? 'best-ask' : undefined}>{r.askText ?? '–'}</td>
                    <td>{r.askSize ?? '–'}</td>
                    <td>{fmtBps(r.spreadBps)}</td>
                    <td>{r.isBestBid ? 'best' : fmtBps(r.bidOffBps)}</td>
                    <td>{r.isBestAsk ? 'best' : fmtBps(r.askOffBps)}</td>
                    <td>{r.lastUpdateTs > 0 ? formatAgo(Math.max(0, now - r.lastUpdateTs)) : 'never'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {view.axis && (
            <div className="cross-axis" data-testid="cross-axis" aria-label="Each venue's bid to ask on one price axis">
              {view.rows.map((r) => (
                <div key={`${r.venue}:${r.symbol}`} className="cross-lane">
                  <span className="cross-lane-name" title={r.symbol}>{r.venue} {r.symbol}</span>
                  <div className="cross-track">
                    <div className={`cross-range${r.valid ? '' : ' invalid'}`} style={{ left: `${r.from * 100}%`, width: `${Math.max(0.6, (r.to - r.from) * 100)}%` }}
                      title={`${r.bidText ?? '–'} – ${r.askText ?? '–'}`} />
                  </div>
                </div>
              ))}
              <div className="cross-lane cross-scale"><span className="cross-lane-name" /><div className="cross-track"><span>{view.axis.lo.toPrecision(7)}</span><span>{view.axis.hi.toPrecision(7)}</span></div></div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
