// What the record & replay panel says at a glance, from GET /api/capture.
import type { CaptureResponse, RecordingStatus, ReplayStatus } from '@ob/protocol';
import { formatBytes, formatRatio } from '../../lib/format';

export interface RecordingSummary {
  /** The part's file name (the full path goes in a tooltip). */
  file: string;
  /** "12.3 MB · 8.10× gzip" */
  size: string;
  /** "2 · parts of 256 MB" */
  rotations: string;
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1) || path;

/** "8.10× gzip", or '' before gzip wrote anything. */
const gzipRatio = (r: RecordingStatus) => (r.bytes > 0 ? `${formatRatio(r.rawBytes / r.bytes)} gzip` : '');

export function summarizeRecording(r: RecordingStatus): RecordingSummary {
  const ratio = gzipRatio(r);
  return {
    file: baseName(r.file),
    size: `${formatBytes(r.bytes)}${ratio ? ` · ${ratio}` : ''}`,
    rotations: `${r.rotations} · parts of ${formatBytes(r.rotateBytes)}`,
  };
}

export interface ReplaySummary {
  /** 0–100, whole. */
  percent: number;
  /** "max" or "10×" */
  speed: string;
  /** What the state means to an operator. */
  state: string;
  /** Recorded time played so far, "12.5 s of the capture". */
  played: number;
}

const STATE_TEXT: Record<ReplayStatus['state'], string> = {
  playing: 'playing',
  waiting: 'waiting for the feed to reconnect',
  ended: 'ended: played to the end, the feed stays idle',
  failed: 'failed',
  stopped: 'stopped',
};

export function summarizeReplay(r: ReplayStatus): ReplaySummary {
  return {
    percent: Math.floor(Math.max(0, Math.min(1, r.progress)) * 100),
    speed: r.speed === 'max' ? 'max (as fast as it goes)' : `${r.speed}×`,
    state: STATE_TEXT[r.state] ?? r.state,
    played: Math.max(0, r.recordedAt - r.recordedStart),
  };
}

export interface CaptureRow {
  /** "recording", "replay · playing", or "" when the venue does neither. */
  what: string;
  /** The part file being written, or the replay's progress and part. */
  where: string;
  /** On disk so far ("–" for a replay); the gzip ratio goes in its tooltip. */
  size: string;
  ratio: string;
  frames: number;
  /** Frames dropped by the recorder, or skipped by the replay. */
  lost: number;
  error: string | null;
}

/** A venue's line in the side-by-side table. */
export function captureRow(c: CaptureResponse): CaptureRow {
  if (c.recording) {
    const r = c.recording;
    return { what: 'recording', where: baseName(r.file), size: formatBytes(r.bytes), ratio: gzipRatio(r), frames: r.frames, lost: r.droppedFrames, error: r.error };
  }
  if (c.replay) {
    const s = summarizeReplay(c.replay);
    return { what: `replay · ${c.replay.state}`, where: `${s.percent} % · part ${c.replay.part} of ${c.replay.parts}`, size: '–', ratio: '', frames: c.replay.frames, lost: c.replay.skippedFrames, error: c.replay.error };
  }
  return { what: '', where: '', size: '', ratio: '', frames: 0, lost: 0, error: null };
}
