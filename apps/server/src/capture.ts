// Record and replay around the feed (issue 17.3): RECORD wraps the real connector and fetch,
// SOURCE=replay:<dir> replaces them with a capture. Either way the feed is the production adapter;
// only what it talks to changes.
import { resolve } from 'node:path';
import { capture, type FeedLogger } from '@ob/feeds';
import type { CaptureResponse, StartupSettings } from '@ob/protocol';

export const REPLAY_PREFIX = 'replay:';

// Relative to where the operator ran npm (npm runs scripts from the repo root).
const here = (dir: string) => resolve(process.env.INIT_CWD ?? process.cwd(), dir);

/** The directory a `replay:<dir>` SOURCE entry plays; null for any other entry. */
export const replayDirOf = (source: string): string | null =>
  source.startsWith(REPLAY_PREFIX) ? here(source.slice(REPLAY_PREFIX.length)) : null;

export interface Capture {
  /** What the feed takes instead of the real socket, REST and clock (empty: the real ones). */
  io: Partial<capture.FeedIo>;
  /** The capture directory being replayed, or null. */
  replayDir: string | null;
  status(): CaptureResponse;
  /** Stops the replay and closes the recording (after the feed has stopped). */
  close(): Promise<void>;
}

/** `source` is this venue's SOURCE entry (`replay:<dir>` replays). */
export type CaptureSettings = Pick<StartupSettings, 'record' | 'recordRotateMb' | 'replaySpeed'> & { source: string };

/** Throws capture.CaptureDirError (a missing capture, a directory that already holds one) for main to report. */
export function openCapture(startup: CaptureSettings, venue: string, log: FeedLogger): Capture {
  const replayDir = replayDirOf(startup.source);
  let replay: capture.Replay | undefined;
  let io: Partial<capture.FeedIo> = {};
  if (replayDir !== null) {
    const speed = capture.parseReplaySpeed(startup.replaySpeed);
    if (typeof speed === 'object') throw new capture.CaptureDirError(speed.error); // load.ts refuses it first
    replay = capture.createReplay({ dir: replayDir, speed, log });
    io = { connect: replay.connect, fetch: replay.fetch, clock: replay.clock };
  }
  let writer: capture.CaptureWriter | undefined;
  if (startup.record !== '') {
    const dir = here(startup.record);
    writer = capture.createCaptureWriter({ dir, rotateBytes: startup.recordRotateMb * 1024 * 1024, venue, log });
    io = capture.createRecorder({ writer, ...io });
    log.info({ dir, rotateMb: startup.recordRotateMb }, `recording the venue's frames into ${dir}`);
  }
  return {
    io, replayDir,
    status: () => {
      const r = replay?.stats();
      return {
        recording: writer ? writer.stats() : null,
        replay: r ? { ...r, speed: String(r.speed) } : null,
      };
    },
    async close() {
      replay?.stop();
      await writer?.close();
    },
  };
}
