// Record & replay: what RECORD is writing (file, size, frames, rotations) and how far a
// SOURCE=replay:<dir> has played (progress, speed), from GET /api/capture, polled.
import { formatAgo, formatCount } from '../../lib/format';
import { summarizeRecording, summarizeReplay } from './summary';
import { useCapture } from './useCapture';

function Figure({ id, label, value, title, tone }: { id: string; label: string; value: string; title?: string; tone?: 'warn' | 'bad' }) {
  return (
    <div className={`figure${tone ? ` tone-${tone}` : ''}`} data-testid={`capture-${id}`} title={title}>
      <span className="figure-label">{label}</span>
      <strong className="figure-value">{value}</strong>
    </div>
  );
}

export function CapturePanel() {
  const { data, error } = useCapture();
  const rec = data?.recording ?? null;
  const replay = data?.replay ?? null;
  return (
    <section className="panel capture-panel" aria-label="Record and replay" data-testid="capture-panel">
      <div className="panel-head">
        <h2>Record &amp; replay</h2>
        {rec && <span className="pill tone-bad" data-testid="recording-pill">● recording</span>}
        {replay && <span className="pill tone-muted" data-testid="replay-pill">replay</span>}
      </div>
      {!data && <div className="empty">{error ? `Capture: ${error}` : 'Asking the server…'}</div>}
      {data && !rec && !replay && (
        <p className="hint" data-testid="capture-off">
          Not recording. Start with <code>RECORD=&lt;dir&gt;</code> to capture every venue frame with its receive time
          (gzip, rotated at <code>RECORD_ROTATE_MB</code>); <code>SOURCE=replay:&lt;dir&gt;</code> plays a capture back through the same adapter.
        </p>
      )}
      {rec && (() => {
        const s = summarizeRecording(rec);
        return (
          <div className="capture-block" data-testid="recording">
            <h3>Recording <code title={rec.dir}>{rec.dir}</code></h3>
            <div className="figures">
              <Figure id="file" label="File" value={s.file} title={rec.file} />
              <Figure id="size" label="Size on disk" value={s.size} />
              <Figure id="frames" label="Frames" value={formatCount(rec.frames)} />
              <Figure id="rotations" label="Rotations" value={s.rotations} />
              <Figure id="connections" label="Connections" value={formatCount(rec.connections)} />
              <Figure id="dropped" label="Dropped" value={formatCount(rec.droppedFrames)} tone={rec.droppedFrames > 0 ? 'warn' : undefined} />
            </div>
            {rec.error && <p className="field-error" role="alert">Recording stopped: {rec.error}</p>}
          </div>
        );
      })()}
      {replay && (() => {
        const s = summarizeReplay(replay);
        return (
          <div className="capture-block" data-testid="replay">
            <h3>Replaying <code title={replay.dir}>{replay.dir}</code></h3>
            <div className="progress" role="progressbar" aria-label="Replay progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={s.percent}>
              <div className="progress-bar" style={{ width: `${s.percent}%` }} />
              <span className="progress-text" data-testid="replay-progress">{s.percent} %</span>
            </div>
            <div className="figures">
              <Figure id="speed" label="Speed" value={s.speed} />
              <Figure id="state" label="State" value={s.state} tone={replay.state === 'failed' ? 'bad' : undefined} />
              <Figure id="replayed" label="Frames played" value={formatCount(replay.frames)} />
              <Figure id="played" label="Recorded time played" value={formatAgo(s.played)} />
              <Figure id="part" label="Part" value={`${replay.part} of ${replay.parts}`} />
              {replay.skippedFrames > 0 && <Figure id="skipped" label="Skipped" value={formatCount(replay.skippedFrames)} tone="warn" />}
            </div>
            {replay.error && <p className="field-error" role="alert">Replay failed: {replay.error}</p>}
          </div>
        );
      })()}
      {data && error && <p className="field-error">Last poll failed: {error}</p>}
    </section>
  );
}
