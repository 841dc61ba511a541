// Issue 5: SIGTERM during a burst. The server (the real process, `main.ts`) stops the feed,
// flushes what is pending and exits 0; the keys then hold the books it had. The batch interval
// is 10 s here, so every key in Redis was written by that last flush and nothing else. And a
// second signal while the shutdown waits on a hung (SIGSTOPped) Redis exits at once with 143.
// With Redis gone (issue 20.7) it says in one line how many markets' last state is lost and exits 1.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { createSimulator, type Simulator } from '@ob/simulator';
import type { BookSnapshot } from '@ob/protocol';
import { freePort, startRedis, waitFor, type TestRedis } from '@ob/testkit';
import { VenueRecorder } from '../support/recorder';

const root = new URL('../../', import.meta.url);
const DEPTH = 20;

/** The real server process on the simulator, with a 10 s interval: nothing is written before a signal. */
function spawnServer(wsUrl: string, restUrl: string, redisUrl: string, port: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env, SOURCE: 'lighter', LIGHTER_WS_URL: wsUrl, LIGHTER_REST_URL: restUrl, REDIS_URL: redisUrl,
      PORT: String(port), BATCH_INTERVAL_MS: '10000', MAX_STALENESS_MS: '10000', MAX_BATCH_SIZE: '10000',
      DEPTH: String(DEPTH), STATS_LOG_SECONDS: '0', LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('SIGTERM during a burst', () => {
  let redis: TestRedis;
  let sim: Simulator;
  let server: ChildProcess;
  let reader: Redis;
  const recorder = new VenueRecorder();
  let output = '';

  before(async () => {
    redis = await startRedis();
    sim = createSimulator({ port: 0, rate: 5_000, seed: 21 });
    const { wsUrl, restUrl } = await sim.start();
    await recorder.start(wsUrl, sim.markets().map((m) => m.id));
    server = spawnServer(wsUrl, restUrl, redis.url, await freePort());
    server.stdout!.on('data', (d) => { output += d; });
    server.stderr!.on('data', (d) => { output += d; });
    reader = new Redis(redis.url);
  });
  after(async () => {
    if (server.exitCode === null) server.kill('SIGKILL');
    recorder.close();
    reader.disconnect();
    await sim.stop();
    await redis.stop();
  });

  it('flushes every changed book on SIGTERM and exits 0', async () => {
    await waitFor(() => output.includes('lighter: connected'), { message: `server connected (output: ${output.slice(-500)})` });
    // Let the burst run until every market has changed since the server subscribed.
    const start = new Map(sim.markets().map((m) => [m.id, recorder.nonce(m.id)]));
    await waitFor(() => sim.markets().every((m) => recorder.nonce(m.id) > start.get(m.id)!), { message: 'every market traded' });
    // Once more: the server may still hold its last reads in the kernel (read-coalescing, up to a
    // few ms), so a market's only change since `start` may not be read yet; a second round of
    // changes makes sure the server has read one past `start`.
    const mid = new Map(sim.markets().map((m) => [m.id, recorder.nonce(m.id)]));
    await waitFor(() => sim.markets().every((m) => recorder.nonce(m.id) > mid.get(m.id)!), { message: 'every market traded again' });
    assert.equal((await reader.keys('ob:book:*')).length, 0, 'nothing written before the 10 s interval');

    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    assert.equal(await exited, 0, `exit code (output: ${output.slice(-800)})`);
    sim.pause();

    for (const m of sim.markets()) {
      const raw = await reader.get(`ob:book:lighter:${m.symbol}`);
      assert.ok(raw, `${m.symbol} written by the last flush`);
      const snap = JSON.parse(raw) as BookSnapshot;
      const truth = recorder.bookAt(m.id, snap.seq, DEPTH);
      assert.ok(truth, `${m.symbol}: seq ${snap.seq} is a nonce the venue sent`);
      assert.deepEqual({ bids: snap.bids, asks: snap.asks }, truth, `${m.symbol} book at seq ${snap.seq}`);
      assert.ok(snap.seq > start.get(m.id)!, `${m.symbol} holds a book from the burst`);
    }
    assert.match(output, /shutdown complete/);
  });
});

describe('a second signal during a shutdown that cannot finish', () => {
  let redis: TestRedis;
  let sim: Simulator;
  let server: ChildProcess;
  let output = '';

  before(async () => {
    redis = await startRedis();
    sim = createSimulator({ port: 0, rate: 2_000, seed: 22 });
    const { wsUrl, restUrl } = await sim.start();
    server = spawnServer(wsUrl, restUrl, redis.url, await freePort());
    server.stdout!.on('data', (d) => { output += d; });
    server.stderr!.on('data', (d) => { output += d; });
  });
  after(async () => {
    if (server.exitCode === null) server.kill('SIGKILL');
    redis.thaw();
    await sim.stop();
    await redis.stop();
  });

  it('exits at once with 143 while the last flush waits on a hung Redis', async () => {
    await waitFor(() => output.includes('lighter: connected'), { message: `server connected (output: ${output.slice(-500)})` });
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    redis.freeze(); // the last flush can now only time out
    server.kill('SIGTERM');
    await waitFor(() => output.includes('shutting down'), { message: `first signal seen (output: ${output.slice(-500)})` });
    server.kill('SIGTERM');
    assert.equal(await exited, 143, `exit code (output: ${output.slice(-800)})`);
    assert.doesNotMatch(output, /shutdown complete/, 'the graceful path did not finish first');
  });
});

describe('SIGTERM while Redis is down (issue 20.7)', () => {
  let redis: TestRedis;
  let sim: Simulator;
  let server: ChildProcess;
  let output = '';

  before(async () => {
    redis = await startRedis();
    sim = createSimulator({ port: 0, rate: 3_000, seed: 23 });
    const { wsUrl, restUrl } = await sim.start();
    server = spawnServer(wsUrl, restUrl, redis.url, await freePort());
    server.stdout!.on('data', (d) => { output += d; });
    server.stderr!.on('data', (d) => { output += d; });
  });
  after(async () => {
    if (server.exitCode === null) server.kill('SIGKILL');
    await sim.stop();
    await redis.stop();
  });

  it('logs one line naming how many markets were not written, and exits non-zero', async () => {
    await waitFor(() => output.includes('lighter: connected'), { message: `server connected (output: ${output.slice(-500)})` });
    const markets = sim.markets().length;
    // Every market has a book and a change waiting for the 10 s interval when Redis goes.
    await waitFor(async () => {
      const res = await fetch(`http://127.0.0.1:${portOf(output)}/api/stats`);
      const stats = await res.json() as { pendingMarkets: number };
      return stats.pendingMarkets === markets;
    }, { message: 'every market pending' });
    await redis.kill();
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    const code = await exited;
    assert.notEqual(code, 0, `exit code (output: ${output.slice(-1500)})`);
    assert.equal(code, 1);
    const lines = output.split('\n').filter((l) => /could not be written/.test(l));
    assert.equal(lines.length, 1, output.slice(-1500));
    const m = /the last state of (\d+) markets? could not be written to Redis/.exec(lines[0]!);
    assert.ok(m, lines[0]);
    assert.equal(Number(m[1]), markets, 'every market: nothing had been written yet');
    assert.ok(output.split('\n').filter((l) => /redis write failed/.test(l)).length <= 5, 'no flood of write-failed lines');
    assert.doesNotMatch(output, /shutdown complete/);
  });
});

/** The port in the server's "listening on http://host:port/" line. */
function portOf(output: string): number {
  const m = /listening on http:\/\/[^:]+:(\d+)\//.exec(output);
  if (!m) throw new Error('not listening yet');
  return Number(m[1]);
}
