// Every streamer instance writing under this prefix, as the one serving this page reads them
// from Redis: a row per instance (venues, markets, msg/s, writes/s, staleness, CPU, health), the
// totals, and a warning naming instances that stopped reporting and shards left uncovered.
// Figures are whole instances: with a venue filter, instances not streaming it are dimmed.
import { formatCount, formatMsShort, formatPercent } from '../../lib/format';
import { useLive } from '../../live/LiveContext';
import { useVenueFilter } from '../venues/useVenueFilter';
import { HEALTH_TEXT, HEALTH_TONE, healthDetail, venuesOf, venuesText } from './rows';
import { useFleet } from './useFleet';

export function FleetPanel() {
  const { data, error } = useFleet();
  const { stats } = useLive();
  const [venue] = useVenueFilter();
  if (stats?.redis.status === 'disabled') return null; // no Redis, no fleet: the panel stays out of the way
  return (
    <section className="panel fleet-panel" aria-labelledby="fleet-title" data-testid="fleet-panel">
      <header className="panel-head">
        <h2 id="fleet-title">Fleet {data && <span className="count">{data.totals.instances} reporting</span>}</h2>
        {data && <code className="count">{data.prefix}:fleet</code>}
      </header>
      {!data ? <div className="empty">{error ? `Fleet: ${error}` : 'Reading Redis…'}</div> : (
        <>
          {(data.silent.length > 0 || data.missingShards.length > 0) && (
            <p className="fleet-alert tone-bad" role="alert" data-testid="fleet-alert">
              {data.silent.length > 0 && <>Stopped reporting: <strong>{data.silent.join(', ')}</strong>. </>}
              {data.missingShards.length > 0 && <>No live instance for shard {data.missingShards.join(', ')}: its markets are not being written.</>}
            </p>
          )}
          <div className="table-scroll">
            <table className="markets fleet">
              <thead>
                <tr>
                  <th scope="col">Instance</th><th scope="col">Venues</th><th scope="col">Shard</th><th scope="col">Health</th><th scope="col">Markets</th>
                  <th scope="col">Msgs/s</th><th scope="col">Writes/s</th><th scope="col">Staleness p99</th><th scope="col">CPU</th><th scope="col">Sink</th>
                </tr>
              </thead>
              <tbody>
                {data.instances.map((x) => {
                  const r = x.report;
                  const detail = healthDetail(x, data.now);
                  const venues = venuesOf(x);
                  const other = venue !== null && r !== null && !venues.includes(venue);
                  return (
                    <tr key={x.id} data-testid="fleet-row" data-health={x.health} data-other-venue={other} className={other ? 'other-venue' : undefined}>
                      <th scope="row" title={r ? `${r.host} pid ${r.pid}` : undefined}>{x.id}{x.self && <span className="count"> (this one)</span>}</th>
                      <td className="venues" data-testid="fleet-venues" title={venues.join(', ')}>{venuesText(venues)}</td>
                      <td>{x.shard || '—'}</td>
                      <td className={`tone-${HEALTH_TONE[x.health]}`}><span className="health"><span className="dot" />{HEALTH_TEXT[x.health]}{detail && <span className="pill-detail"> · {detail}</span>}</span></td>
                      <td>{r ? formatCount(r.markets) : '—'}</td>
                      <td>{r ? formatCount(r.msgRate) : '—'}</td>
                      <td>{r ? formatCount(r.writeRate) : '—'}</td>
                      <td>{r ? formatMsShort(r.stalenessP99) : '—'}</td>
                      <td>{r ? formatPercent(r.cpu) : '—'}</td>
                      <td>{r?.sink ?? '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr data-testid="fleet-totals">
                  <th scope="row">Total</th><td /><td /><td>{data.totals.instances} of {data.instances.length}</td>
                  <td>{formatCount(data.totals.markets)}</td><td>{formatCount(data.totals.msgRate)}</td><td>{formatCount(data.totals.writeRate)}</td>
                  <td>{formatMsShort(data.totals.stalenessP99)} worst</td><td>{formatPercent(data.totals.cpu)}</td><td />
                </tr>
              </tfoot>
            </table>
          </div>
          {venue && <p className="hint" data-testid="fleet-venue-note">Figures are whole instances, every venue of each; instances not streaming {venue} are dimmed.</p>}
          {error && <p className="field-error">Last poll failed: {error}</p>}
        </>
      )}
    </section>
  );
}
