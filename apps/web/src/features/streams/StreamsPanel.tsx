// Change streams and readers: how many readers wait on the updates channel, and how long each
// market's stream is (GET /api/streams, polled).
import { formatCount } from '../../lib/format';
import { summarize } from './summary';
import { useStreams } from './useStreams';

function Figure({ id, label, value, tone }: { id: string; label: string; value: string; tone?: 'warn' }) {
  return (
    <div className={`figure${tone ? ` tone-${tone}` : ''}`} data-testid={`streams-${id}`}>
      <span className="figure-label">{label}</span>
      <strong className="figure-value">{value}</strong>
    </div>
  );
}

export function StreamsPanel() {
  const { data, error } = useStreams();
  return (
    <section className="panel streams-panel" aria-label="Change streams and readers" data-testid="streams-panel">
      <div className="panel-head">
        <h2>Change streams &amp; readers</h2>
        {data && <code className="count">{data.channel}</code>}
      </div>
      {!data ? <div className="empty">{error ? `Streams: ${error}` : 'Reading Redis…'}</div> : (() => {
        const s = summarize(data);
        return (
          <>
            <div className="figures">
              <Figure id="readers" label="Readers subscribed" value={formatCount(data.readers)} />
              <Figure id="mode" label="Stream" value={s.mode} />
              <Figure id="entries" label="Entries written" value={formatCount(data.entries)} />
              <Figure id="held" label="Entries held" value={`${formatCount(s.held)} in ${s.streams} streams`} />
              <Figure id="longest" label="Longest stream" value={formatCount(s.longest)} tone={s.overLimit > 0 ? 'warn' : undefined} />
            </div>
            {data.mode === 'off' && s.streams === 0
              ? <p className="hint">The change stream is off: set <code>stream</code> to <code>snapshot</code> or <code>top</code> (<code>STREAM=snapshot</code> or <code>PATCH /api/config</code>) for every write in order, resumable by readers.</p>
              : (
                <ul className="stream-lengths" aria-label="Stream length per market">
                  {data.streams.map((x) => (
                    <li key={x.key} data-testid="stream-length" title={x.key}>
                      <span>{x.symbol}{x.venue && <span className="sub"> {x.venue}</span>}</span><strong>{formatCount(x.length)}</strong>
                    </li>
                  ))}
                </ul>
              )}
            {error && <p className="field-error">Last poll failed: {error}</p>}
          </>
        );
      })()}
    </section>
  );
}
