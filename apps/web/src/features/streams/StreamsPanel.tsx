// Change streams and readers: how many readers wait on the updates channel, and how long each
// market's stream is (GET /api/streams, polled); of the venue in view, or every venue's side by
// side (a row per venue: its channel, readers, streams, longest).
import type { StreamsResponse } from '@ob/protocol';
import { Figure } from '../../lib/Figure';
import { formatCount } from '../../lib/format';
import { useVenueFilter, useVenueInView } from '../venues/useVenueFilter';
import { VenuePick } from '../venues/VenuePick';
import { byVenue, summarize } from './summary';
import { useStreams } from './useStreams';

function StreamLengths({ data }: { data: StreamsResponse }) {
  return (
    <ul className="stream-lengths" aria-label="Stream length per market">
      {data.streams.map((x) => (
        <li key={x.key} data-testid="stream-length" title={x.key}>
          <span>{x.symbol}</span><strong>{formatCount(x.length)}</strong>
        </li>
      ))}
    </ul>
  );
}

function StreamsByVenue({ data }: { data: StreamsResponse }) {
  return (
    <div className="table-scroll">
      <table className="connections-table by-venue" aria-label="Streams by venue" data-testid="streams-by-venue">
        <thead>
          <tr><th>venue</th><th>channel</th><th className="num">readers</th><th className="num">streams</th><th className="num">entries held</th><th className="num">longest</th></tr>
        </thead>
        <tbody>
          {byVenue(data).map((v) => (
            <tr key={v.venue} data-testid="streams-venue-row" data-venue={v.venue}>
              <td><VenuePick venue={v.venue} /></td>
              <td><code>{v.channel}</code></td>
              <td className="num">{formatCount(v.readers)}</td>
              <td className="num">{formatCount(v.streams)}</td>
              <td className="num">{formatCount(v.held)}</td>
              <td className={`num${v.overLimit > 0 ? ' tone-warn' : ''}`}>{formatCount(v.longest)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function StreamsPanel() {
  const [filtered] = useVenueFilter();
  const { venue, venues } = useVenueInView();
  const { data, error } = useStreams(filtered);
  const several = !venue && (data?.channels?.length ?? 0) > 1;
  return (
    <section className="panel streams-panel" aria-label="Change streams and readers" data-testid="streams-panel" data-venue={venue ?? ''}>
      <div className="panel-head">
        <h2>Change streams &amp; readers{venue && venues.length > 1 && <span className="venue-tag" data-testid="panel-venue">{venue}</span>}</h2>
        {data && !several && <code className="count">{data.channel}</code>}
      </div>
      {!data ? <div className="empty">{error ? `Streams: ${error}` : 'Reading Redis…'}</div> : (() => {
        const s = summarize(data);
        const off = data.mode === 'off' && s.streams === 0;
        return (
          <>
            <div className="figures">
              <Figure testId="streams-readers" label="Readers subscribed" value={formatCount(data.readers)} />
              <Figure testId="streams-mode" label="Stream" value={s.mode} />
              <Figure testId="streams-entries" label="Entries written" value={formatCount(data.entries)} />
              <Figure testId="streams-held" label="Entries held" value={`${formatCount(s.held)} in ${s.streams} streams`} />
              <Figure testId="streams-longest" label="Longest stream" value={formatCount(s.longest)} tone={s.overLimit > 0 ? 'warn' : undefined} />
            </div>
            {off && <p className="hint">The change stream is off: set <code>stream</code> to <code>snapshot</code> or <code>top</code> (<code>STREAM=snapshot</code> or <code>PATCH /api/config</code>) for every write in order, resumable by readers.</p>}
            {several ? <StreamsByVenue data={data} /> : !off && <StreamLengths data={data} />}
            {several && !off && <p className="hint">Pick a venue for each market&apos;s stream length.</p>}
            {error && <p className="field-error">Last poll failed: {error}</p>}
          </>
        );
      })()}
    </section>
  );
}
