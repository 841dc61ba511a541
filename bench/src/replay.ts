// Record and replay (issue 17.3): what recording costs the streamer at a venue-like paced load,
// and how fast a capture replays through the production adapter into Redis (as fast as it goes),
// against a reader that only gunzips the capture and JSON.parses its frames. The replayed books
// must equal those of the run that was recorded, key by key. `--capture=DIR` replays that
// capture instead (no recording rows, no book check: the books it was recorded with are unknown).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { capture } from '@ob/feeds';
import type { RunnerStats } from './consumer-stats';
import { fmt, type SuiteResult } from './report';
import type { CaptureReadStats } from './replay-baseline';
import type { Row } from './row';
import { spawnChild } from './rpc';
import { measure, sleep, startConsumer, type Env } from './session';

const SECTION = 'Record and replay';
/** A replay of the bench's capture that takes longer than this is broken. */
const REPLAY_TIMEOUT_MS = 10 * 60_000;
const POLL_MS = 200;

export interface ReplayBenchOptions {
  /** A capture to replay instead of recording one. */
  capture?: string;
}

/** Every book key under prefix, by symbol, writtenTs left out (when the replaying streamer built it). */
async function books(redis: Redis, prefix: string): Promise<Map<string, string>> {
  const keys = (await redis.keys(`${prefix}:book:*`)).sort();
  const values = keys.length ? await redis.mget(...keys) : [];
  const out = new Map<string, string>();
  keys.forEach((k, i) => {
    const b = JSON.parse(values[i] ?? 'null') as Record<string, unknown> | null;
    if (b) delete b.writtenTs;
    out.set(k.slice(prefix.length), JSON.stringify(b));
  });
  return out;
}

export async function benchReplay(env: Env, opts: ReplayBenchOptions): Promise<SuiteResult> {
  const rows: Row[] = [];
  const rate = env.quick ? 20_000 : 50_000;
  const seconds = env.quick ? 3 : 10;
  const warmS = env.quick ? 0.5 : 2;
  const tmp = opts.capture ? undefined : mkdtempSync(join(tmpdir(), 'ob-bench-capture-'));
  const dir = opts.capture ?? join(tmp!, 'capture');
  let recordedBooks: Map<string, string> | undefined;
  try {
    if (!opts.capture) {
      const mode = { kind: 'paced', rate } as const;
      const settings = { batchIntervalMs: 100 };
      const plain = await startConsumer(env, 'streamer', { mode, settings });
      await sleep(warmS * 1000);
      const off = await measure(env, plain, seconds);
      await plain.close();
      const rec = await startConsumer(env, 'streamer', { mode, settings, args: ['--record', dir] });
      await sleep(warmS * 1000);
      const on = await measure(env, rec, seconds);
      const st = (await rec.child.call<capture.RecordingStats>('recording'))!;
      await rec.close();
      const final = capture.listParts(dir);
      recordedBooks = await books(env.redis, rec.prefix);
      env.log(`  recording: ${fmt(on.cpuPct, 1)} % CPU against ${fmt(off.cpuPct, 1)} % without, ${fmt(st.frames)} frames, ${fmt(final.bytes / 2 ** 20, 1)} MB`);
      rows.push(
        { section: SECTION, name: `streamer at ${fmt(rate)} msg/s, recording`, value: Math.round(on.cpuPct * 10) / 10, unit: '% CPU',
          note: `without recording ${fmt(off.cpuPct, 1)} % (the same paced load, just before); gzip runs on the thread pool and counts here` },
        { section: SECTION, name: 'recording on ÷ off (CPU)', value: Math.round((on.cpuPct / Math.max(1e-9, off.cpuPct)) * 100) / 100, unit: 'x',
          note: `${seconds} s windows, 45 markets` },
        { section: SECTION, name: 'capture size', value: Math.round((final.bytes / Math.max(1, st.frames)) * 10) / 10, unit: 'B/frame',
          note: `${fmt(st.frames)} frames in ${fmt(final.bytes / 2 ** 20, 1)} MB (${final.paths.length} part(s)), gzip ${fmt(st.rawBytes / Math.max(1, final.bytes), 1)}×; dropped ${st.droppedFrames}`,
          goal: 'no drops', met: st.droppedFrames === 0 },
      );
    }

    // The replay: capture → replaying connector → the Lighter adapter → streamer → Redis.
    const parts = capture.listParts(dir);
    const prefix = 'benchreplay';
    const runner = spawnChild('streamer-runner.ts', {
      name: 'replay', args: ['--replay', dir, '--speed', 'max', '--redis', env.redisUrl, '--prefix', prefix, '--settings', '{"batchIntervalMs":100}'],
    });
    let done: capture.ReplayStats;
    let cpuPct: number;
    try {
      await runner.once('started');
      const a = await runner.call<RunnerStats>('stats');
      const deadline = Date.now() + REPLAY_TIMEOUT_MS;
      for (;;) {
        const r = await runner.call<capture.ReplayStats>('replay');
        if (r.state !== 'playing' && r.state !== 'waiting') { done = r; break; }
        if (Date.now() > deadline) throw new Error(`replay not done after ${REPLAY_TIMEOUT_MS / 1000} s (${fmt(r.progress * 100, 0)} %)`);
        await sleep(POLL_MS);
      }
      const b = await runner.call<RunnerStats>('stats');
      cpuPct = ((b.cpuMicros - a.cpuMicros) / (b.hrMicros - a.hrMicros)) * 100;
    } finally {
      await runner.close();
    }
    if (done.state !== 'ended') throw new Error(`replay ${done.state}: ${done.error ?? ''}`);
    const replayS = (done.endedAt! - done.startedAt) / 1000;
    const replayRate = done.frames / replayS;

    const base = spawnChild('replay-baseline.ts', { name: 'replay-baseline', args: ['--capture', dir] });
    let read: CaptureReadStats;
    try {
      await base.once('started');
      const finished = base.once<CaptureReadStats>('done');
      await base.call('run');
      read = await finished;
    } finally {
      await base.close();
    }
    if (read.error) throw new Error(`replay baseline: ${read.error}`);
    const baseRate = read.frames / (read.ms / 1000);
    env.log(`  replay at max: ${fmt(replayRate, 0)} msg/s (${fmt(cpuPct, 0)} % CPU); baseline ${fmt(baseRate, 0)} msg/s`);
    rows.push(
      { section: SECTION, name: 'replay at max (capture → adapter → books → Redis)', value: Math.round(replayRate), unit: 'msg/s',
        note: `${fmt(done.frames)} frames of ${fmt(parts.bytes / 2 ** 20, 1)} MB in ${fmt(replayS, 1)} s, ${fmt(cpuPct, 0)} % CPU; ${done.skippedFrames} skipped` },
      { section: SECTION, name: 'baseline (read + gunzip + JSON.parse the capture)', value: Math.round(baseRate), unit: 'msg/s',
        note: `${fmt(read.frames)} frames, ${fmt((read.cpuMicros / 1e3 / read.ms) * 100, 0)} % CPU` },
      { section: SECTION, name: 'replay ÷ baseline', value: Math.round((replayRate / baseRate) * 100) / 100, unit: 'x',
        note: 'the streamer builds and writes every book the baseline only parses; no socket on either side, so unlike the live baseline (ws per frame) the parse is most of what both do' },
    );
    if (recordedBooks) {
      const again = await books(env.redis, prefix);
      const differ = [...recordedBooks].filter(([k, v]) => again.get(k) !== v).map(([k]) => k);
      const extra = [...again.keys()].filter((k) => !recordedBooks!.has(k));
      const pass = recordedBooks.size > 0 && differ.length === 0 && extra.length === 0;
      rows.push({ section: SECTION, name: 'replayed Redis books = recorded run\'s', value: pass ? 'PASS' : 'FAIL', goal: 'PASS', met: pass,
        note: pass ? `${recordedBooks.size} keys, every field but writtenTs` : `${differ.length} differ (${differ.slice(0, 3).join(', ')}), ${extra.length} extra` });
    }
    return { rows };
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}
