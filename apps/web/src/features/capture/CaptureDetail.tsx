// One venue's record & replay: what RECORD is writing (file, size, frames, rotations) and how
// far a SOURCE=replay:<dir> has played (progress, speed), from GET /api/capture.
import type { CaptureResponse } from '@ob/protocol';
import { Figure } from '../../lib/Figure';
import { formatAgo, formatCount } from '../../lib/format';
import { summarizeRecording, summarizeReplay } from './summary';

export function CaptureOff() {
  return (
    <p className="hint" data-testid="capture-off">
      Not recording. Start with <code>RECORD=&lt;dir&gt;</code> to capture every venue frame with its receive time
      (gzip, rotated at <code>RECORD_ROTATE_MB</code>; with several venues, one folder each); <code>SOURCE=replay:&lt;dir&gt;</code> plays a capture back through the same adapter.
    </p>
  );
}

export function CaptureDetail({ data }: { data: CaptureResponse }) {
  const rec = data.recording;
  const replay = data.replay;
  return (
    <>
      {!rec && !replay && <CaptureOff />}
      {rec && (() => {
        const s = summarizeRecording(rec);
        return (
          <div className="capture-block" data-testid="recording">
            <h3>Recording <code title={rec.dir}>{rec.dir}</code></h3>
            <div className="figures">
              <Figure testId="capture-file" label="File" value={s.file} title={rec.file} />
              <Figure testId="capture-size" label="Size on disk" value={s.size} />
              <Figure testId="capture-frames" label="Frames" value={formatCount(rec.frames)} />
              <Figure testId="capture-rotations" label="Rotations" value={s.rotations} />
              <Figure testId="capture-connections" label="Connections" value={formatCount(rec.connections)} />
              <Figure testId="capture-dropped" label="Dropped" value={formatCount(rec.droppedFrames)} tone={rec.droppedFrames > 0 ? 'warn' : undefined} />
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
              <Figure testId="capture-speed" label="Speed" value={s.speed} />
              <Figure testId="capture-state" label="State" value={s.state} tone={replay.state === 'failed' ? 'bad' : undefined} />
              <Figure testId="capture-replayed" label="Frames played" value={formatCount(replay.frames)} />
              <Figure testId="capture-played" label="Recorded time played" value={formatAgo(s.played)} />
              <Figure testId="capture-part" label="Part" value={`${replay.part} of ${replay.parts}`} />
              {replay.skippedFrames > 0 && <Figure testId="capture-skipped" label="Skipped" value={formatCount(replay.skippedFrames)} tone="warn" />}
            </div>
            {replay.error && <p className="field-error" role="alert">Replay failed: {replay.error}</p>}
          </div>
        );
      })()}
    </>
  );
}
