// Record and replay as an operator runs them (issue 17.3): the server records the simulator's feed
// with RECORD=<dir>, then a second server replays that capture with SOURCE=replay:<dir> (at full
// speed) under another prefix, and every key the replay wrote equals the live run's: the same
// books, sequence numbers, venue and receive times, built by the same production adapter. Only
// writtenTs (when the replaying streamer built the snapshot) differs. Both run on a real Redis.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { silentLog } from '@ob/core';
import { capture } from '@ob/feeds';
import type { CaptureResponse } from '@ob/protocol';
import { startRedis, waitFor } from '@ob/testkit';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = ['--import', 'tsx', 'apps/server/src/main.ts'];
const env = (extra: Record<string, string>) => ({ ...process.env, STATS_LOG_SECONDS: '0', LOG_LEVEL: 'warn', INIT_CWD: ROOT, ...extra });

interface Server { url: string; child: ChildProcess; exited: Promise<number | null>; out(): string }

async function startServer(extra: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, [...MAIN, '--port=0'], { cwd: ROOT, env: env({ HOST: '127.0.0.1', ...extra }) });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await waitFor(() => /Dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1], { timeoutMs: 60_000, message: `the start line in:\n${out}` });
  return { url, child, exited, out: () => out };
}

const captureOf = async (s: Server) => (await (await fetch(`${s.url}api/capture`)).json()) as CaptureResponse;

/** Every book key under prefix (not the config or the fleet's), by what follows the prefix, values parsed, writtenTs left out. */
async function booksUnder(redis: Redis, prefix: string): Promise<Map<string, unknown>> {
  const keys = (await redis.keys(`${prefix}:book:*`)).sort();
  const out = new Map<string, unknown>();
  for (const k of keys) {
    const type = await redis.type(k);
    assert.equal(type, 'string', `${k} is a ${type}: only book keys are written with the stream off`);
    const book = JSON.parse((await redis.get(k))!) as Record<string, unknown>;
    delete book.writtenTs;
    out.set(k.slice(prefix.length), book);
  }
  return out;
}

type ReplayStatus = NonNullable<CaptureResponse['replay']>;

interface RecordAndReplay {
  /** The live server's settings (RECORD is added). */
  live: Record<string, string>;
  /** The capture directory's name (a venue's name or not). */
  dirName: string;
  frames: number;
  minBooks: number;
  /** Checks on each server before it is stopped. */
  recorded?(live: Server, dir: string): Promise<void>;
  replayed?(replay: Server, done: ReplayStatus): Promise<void>;
}

/**
 * Records a server's run into a capture, stops it, replays the capture at full speed into another
 * prefix, and compares every key the two wrote: equal but for writtenTs.
 */
async function recordAndReplay(o: RecordAndReplay): Promise<void> {
  const redis = await startRedis();
  const client = new Redis(redis.url);
  const dir = join(mkdtempSync(join(tmpdir(), 'ob-replay-')), o.dirName);
  const servers: Server[] = [];
  try {
    const live = await startServer({ REDIS_URL: redis.url, PREFIX: 'live', TTL_SECONDS: '3600', RECORD: dir, ...o.live });
    servers.push(live);
    await waitFor(async () => ((await captureOf(live)).recording?.frames ?? 0) >= o.frames, { timeoutMs: 120_000, message: 'frames recorded' });
    await o.recorded?.(live, dir);
    live.child.kill('SIGTERM');
    assert.equal(await live.exited, 0, live.out());
    assert.ok(readdirSync(dir).length >= 1, 'parts on disk');
    const liveBooks = await booksUnder(client, 'live');
    assert.ok(liveBooks.size >= o.minBooks, `${liveBooks.size} live books`);

    const replay = await startServer({ REDIS_URL: redis.url, PREFIX: 'again', TTL_SECONDS: '3600', SOURCE: `replay:${dir}`, REPLAY_SPEED: 'max' });
    servers.push(replay);
    const done = await waitFor(async () => {
      const r = (await captureOf(replay)).replay;
      return r && r.state !== 'playing' && r.state !== 'waiting' ? r : undefined;
    }, { timeoutMs: 120_000, message: 'the replay played to its end' });
    assert.equal(done.state, 'ended', JSON.stringify(done));
    assert.equal(done.progress, 1);
    assert.equal(done.skippedFrames, 0);
    assert.ok(done.frames >= o.frames, `${done.frames} frames replayed`);
    await o.replayed?.(replay, done);
    await waitFor(async () => (await booksUnder(client, 'again')).size === liveBooks.size, { timeoutMs: 30_000, message: 'every book written again' });
    replay.child.kill('SIGTERM');
    assert.equal(await replay.exited, 0, replay.out());

    const again = await booksUnder(client, 'again');
    assert.deepEqual([...again.keys()], [...liveBooks.keys()], 'the same keys');
    for (const [k, book] of liveBooks) assert.deepEqual(again.get(k), book, `${k} equal (writtenTs aside)`);
  } finally {
    for (const s of servers) s.child.kill('SIGKILL');
    client.disconnect();
    await redis.stop();
    rmSync(dirname(dir), { recursive: true, force: true });
  }
}

test('a replay of a recorded run writes the same Redis books as the live run did', () => recordAndReplay({
  // A small rotation size, so the capture spans several parts.
  live: { SOURCE: 'simulator', SIM_RATE: '3000', RECORD_ROTATE_MB: '1' }, dirName: 'capture', frames: 20_000, minBooks: 40,
  async recorded(live, dir) {
    const rec = (await captureOf(live)).recording!;
    assert.equal(rec.dir, dir);
    assert.equal(rec.error, null);
    assert.equal(rec.droppedFrames, 0);
  },
  async replayed(replay) {
    const stats = await (await fetch(`${replay.url}api/stats`)).json() as { feed: { source: string } };
    assert.match(stats.feed.source, /^replay:/, 'the engine names its SOURCE entry');
  },
}));

test('a Binance USD-M recording (its REST snapshots with it) replays to the same Redis books; the capture names its venue', () => recordAndReplay({
  // Not named for a venue: the capture's header says which adapter replays it.
  live: { SOURCE: 'sim-binance-usdm', SIM_RATE: '1500' }, dirName: 'incident', frames: 5_000, minBooks: 5,
  async replayed(replay) {
    const venues = await (await fetch(`${replay.url}api/venues`)).json() as { venues: Array<{ venue: string }> };
    assert.deepEqual(venues.venues.map((v) => v.venue), ['binance-usdm'], 'replayed by the Binance adapter');
  },
}));

test('a capture that is missing, or a recording directory that already holds one, stops the start with one line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ob-replay-'));
  try {
    const missing = spawnSync(process.execPath, MAIN, { cwd: ROOT, env: env({ SOURCE: `replay:${join(dir, 'nope')}`, REDIS_URL: 'redis://127.0.0.1:1' }), encoding: 'utf8' });
    assert.equal(missing.status, 2, missing.stderr);
    assert.match(missing.stderr, /invalid setting SOURCE: cannot read the capture directory .*nope: ENOENT/);
    const empty = spawnSync(process.execPath, MAIN, { cwd: ROOT, env: env({ SOURCE: `replay:${dir}`, REDIS_URL: 'redis://127.0.0.1:1' }), encoding: 'utf8' });
    assert.equal(empty.status, 2, empty.stderr);
    assert.match(empty.stderr, /invalid setting SOURCE: .* holds no capture/);
    const w = capture.createCaptureWriter({ dir, log: silentLog });
    w.frame(1, 1, '{}');
    await w.close();
    const again = spawnSync(process.execPath, MAIN, { cwd: ROOT, env: env({ SOURCE: 'simulator', RECORD: dir, REDIS_URL: 'redis://127.0.0.1:1' }), encoding: 'utf8' });
    assert.equal(again.status, 2, again.stderr);
    assert.match(again.stderr, /invalid setting RECORD: .* already holds a capture; record into a new directory/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
