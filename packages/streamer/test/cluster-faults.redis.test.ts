// The cluster sink does what the single-node one does since issue 19, on a real 3-master Redis
// Cluster (no replicas, so a master that dies keeps its slots and comes back as itself): the
// keeper's EXPIRE keeps quiet books on every master, a master at maxmemory refuses only its own
// keys, a master that restarted empty gets its books back at once, and a wrong password is "auth".
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { Cluster, Redis } from 'ioredis';
import { commandCounts, startRedisCluster, waitFor, type TestCluster } from '@ob/testkit';
import { createStreamer } from '../src/create-streamer';
import { SinkWriteError } from '../src/sink-error';
import { createRedisClusterSink, keySlot } from '../src/sinks/redis-cluster';
import type { SinkRecord } from '../src/types';
import { FakeFeed, marketList } from './fake-feed';

const N = 12;
const SYMBOLS = marketList(N).map((m) => m.symbol);
const key = (prefix: string, symbol: string, venue = 'v') => `${prefix}:book:${venue}:${symbol}`;

describe('Redis Cluster sink: keeper, refusals, restarts', () => {
  let cluster: TestCluster;
  let reader: Cluster;
  /** Per master port, a direct client (for INFO commandstats and keys of that node only). */
  const direct = new Map<number, Redis>();
  const restarted: ChildProcess[] = [];
  const cleanup: (() => Promise<void>)[] = [];
  const seeds = () => cluster.seeds.split(',');

  before(async () => {
    cluster = await startRedisCluster({ replicas: 0 });
    reader = new Cluster(seeds().map((s) => ({ host: '127.0.0.1', port: Number(s.split(':')[1]) })), {
      redisOptions: { maxRetriesPerRequest: 2 }, clusterRetryStrategy: () => 100,
    });
    reader.on('error', () => {});
    for (const m of cluster.masters()) {
      const r = new Redis({ port: m.port, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
      r.on('error', () => {});
      direct.set(m.port, r);
    }
  });
  after(async () => {
    for (const f of cleanup.reverse()) await f();
    reader.disconnect();
    for (const r of direct.values()) r.disconnect();
    await Promise.all(restarted.map((p) => new Promise((resolve) => { if (p.exitCode !== null) resolve(undefined); else { p.once('exit', resolve); p.kill('SIGKILL'); } })));
    await cluster.stop();
  });

  /** Port of the master serving each symbol's key, from CLUSTER SLOTS. */
  async function owners(prefix: string, venue = 'v'): Promise<Map<string, number>> {
    const ranges = await reader.cluster('SLOTS') as unknown as [number, number, [string, number]][];
    return new Map(SYMBOLS.map((s) => {
      const slot = keySlot(key(prefix, s, venue));
      return [s, Number(ranges.find(([a, b]) => slot >= a && slot <= b)![2][1])];
    }));
  }

  /** A streamer of N markets into the cluster; `ticking`: every book changes every 20 ms, else each is quoted once. */
  async function streaming(prefix: string, opts: { ttlSeconds?: number; venue?: string; ticking?: boolean } = {}) {
    const venue = opts.venue ?? 'v';
    const sink = createRedisClusterSink({ seeds: seeds(), prefix, venue });
    const feed = new FakeFeed(marketList(N), venue);
    const streamer = createStreamer({ feed, source: 'test', sink, settings: { ttlSeconds: opts.ttlSeconds ?? 60, batchIntervalMs: 10 } });
    const resets: string[] = [];
    streamer.onRedisReset((why) => resets.push(why));
    await streamer.start();
    let tick = 0;
    const quote = () => { tick++; for (let id = 0; id < N; id++) feed.snapshot(id, [`100.${tick % 90 + 10}`, '1'], ['101.00', '1']); };
    quote();
    const timer = opts.ticking ? setInterval(quote, 20) : undefined;
    const stop = async () => { clearInterval(timer); await streamer.stop(); await sink.close(); };
    cleanup.push(stop);
    return { sink, feed, streamer, resets, stop };
  }

  const present = async (prefix: string) => (await Promise.all(SYMBOLS.map((s) => reader.exists(key(prefix, s))))).filter((x) => x === 1).length;
  const counts = async () => new Map(await Promise.all([...direct].map(async ([port, r]) => [port, await commandCounts(r)] as const)));

  it('keeps quiet books past their TTL on every master by EXPIRE, never rewriting them; a key gone is rewritten', async () => {
    const s = await streaming('quiet', { ttlSeconds: 2 });
    await waitFor(async () => (await present('quiet')) === N, { message: 'first books written' });
    const where = await owners('quiet');
    assert.deepEqual([...new Set(where.values())].sort(), [...direct.keys()].sort(), 'the books are spread over all 3 masters');
    const writes = s.streamer.stats().totals.snapshots;
    const before = await counts();
    const missing: string[] = [];
    const until = Date.now() + 7_000; // three and a half TTLs without a change
    await waitFor(async () => {
      const n = await present('quiet');
      if (n !== N) missing.push(`${N - n} missing at ${Date.now()}`);
      return Date.now() > until;
    }, { timeoutMs: 60_000, intervalMs: 100, message: 'the TTLs passed' });
    assert.deepEqual(missing, [], 'every quiet book is in Redis at every look');
    assert.equal(s.streamer.stats().totals.snapshots, writes, 'nothing rewritten: the books did not change');
    const now = await counts();
    for (const [port, c] of now) {
      const keys = [...where.values()].filter((p) => p === port).length;
      assert.equal(c.set ?? 0, before.get(port)!.set ?? 0, `no SET at master ${port}`);
      assert.ok((c.expire ?? 0) - (before.get(port)!.expire ?? 0) >= keys * 3, `master ${port} counted the EXPIREs of its ${keys} keys: ${c.expire}`);
    }
    assert.ok(s.streamer.stats().totals.keyRefreshes >= N * 3);

    // A key deleted behind the streamer's back (evicted, flushed): EXPIRE answers 0 and the book is rewritten.
    for (const port of direct.keys()) {
      const victim = SYMBOLS.find((sym) => where.get(sym) === port)!;
      assert.equal(await direct.get(port)!.del(key('quiet', victim)), 1);
    }
    await waitFor(async () => (await present('quiet')) === N, { message: 'the deleted books rewritten' });
    assert.ok(s.streamer.stats().totals.keysRewritten >= 3);
    assert.ok(s.resets.some((w) => /keys were gone/.test(w)), s.resets.join(' | '));
    await s.stop();
  });

  it('a master at maxmemory with noeviction refuses its keys while the others land: only those stay pending, only the landed are announced', async () => {
    const where = await owners('oom');
    const victimPort = where.get(SYMBOLS[0]!)!;
    const victim = direct.get(victimPort)!;
    const refused = SYMBOLS.filter((s) => where.get(s) === victimPort);
    const landed = SYMBOLS.filter((s) => where.get(s) !== victimPort);
    assert.ok(refused.length > 0 && landed.length > 0);
    const sub = new Redis({ port: victimPort });
    const heard: string[][] = [];
    sub.on('message', (_c, text: string) => heard.push(JSON.parse(text) as string[]));
    await sub.subscribe('oom:updates:v', 'oom:updates:w');
    cleanup.push(async () => { sub.disconnect(); });

    await victim.config('SET', 'maxmemory-policy', 'noeviction');
    await victim.config('SET', 'maxmemory', '1'); // every write command is refused with OOM from here on
    await victim.flushall(); // (allowed under OOM): nothing of ours on that master now
    try {
      // The sink alone: the rejection names exactly the refused records, by position.
      const sink = createRedisClusterSink({ seeds: seeds(), prefix: 'oom', venue: 'v' });
      cleanup.push(() => sink.close());
      const records: SinkRecord[] = SYMBOLS.map((symbol) => ({ symbol, value: JSON.stringify({ symbol }), compressed: false }));
      const err = await sink.write(records, 30).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof SinkWriteError, String(err));
      assert.deepEqual(err.failed, SYMBOLS.flatMap((s, i) => (refused.includes(s) ? [i] : [])));
      await waitFor(() => heard.length > 0, { message: 'the updates message' });
      assert.deepEqual(heard[0], landed, 'only the symbols whose SET landed are announced');
      for (const s of landed) assert.deepEqual(JSON.parse((await reader.get(key('oom', s)))!), { symbol: s });
      assert.equal(await victim.dbsize(), 0);
      assert.equal(sink.status(), 'down');
      assert.equal(sink.problem()?.code, 'oom');
      assert.match(sink.problem()!.message, /^OOM/);
      assert.match(sink.problem()!.fix, /maxmemory/);

      // Through the streamer (venue w: keys of its own): the refused markets stay pending and are
      // retried, the others are written and announced all along.
      heard.length = 0;
      const t = await streaming('oom', { venue: 'w', ticking: true });
      const whereW = await owners('oom', 'w');
      const refusedW = SYMBOLS.filter((s) => whereW.get(s) === victimPort);
      const landedW = SYMBOLS.filter((s) => whereW.get(s) !== victimPort);
      await waitFor(() => t.streamer.stats().totals.redisErrors >= 5, { message: 'refused writes retried' });
      await waitFor(() => t.streamer.markets().filter((m) => landedW.includes(m.symbol)).every((m) => m.writes >= 5), { message: 'the others written over and over' });
      const markets = t.streamer.markets();
      for (const s of refusedW) assert.equal(markets.find((m) => m.symbol === s)!.writes, 0, `${s} (on the OOM master) never acked`);
      const announced = new Set(heard.flat());
      assert.deepEqual([...announced].sort(), [...landedW].sort(), 'the channel names only the landed');
      const { redis, readiness } = t.streamer.stats();
      assert.equal(redis.problem?.code, 'oom');
      assert.ok(readiness.reasons.some((x) => /out of memory/.test(x) && /maxmemory/.test(x)), readiness.reasons.join(' | '));

      await victim.config('SET', 'maxmemory', '0');
      await waitFor(() => t.streamer.markets().every((m) => m.writes > 0), { message: 'the refused markets written once the master takes writes again' });
      await waitFor(() => t.streamer.stats().redis.problem === undefined, { message: 'the reason clears' });
      await t.stop();
    } finally {
      await victim.config('SET', 'maxmemory', '0');
    }
  });

  it('a master that restarts empty gets its books back at once, and the streamer is told (config re-persisted)', async () => {
    const s = await streaming('restart', { ttlSeconds: 120 }); // a long TTL: the keeper would not look for a minute
    await waitFor(async () => (await present('restart')) === N, { message: 'first books written' });
    await waitFor(() => s.sink.status() === 'writable', { message: 'writable' });
    const where = await owners('restart');
    const port = where.get(SYMBOLS[0]!)!;
    const theirs = SYMBOLS.filter((x) => where.get(x) === port);
    const conf = async (name: string) => ((await direct.get(port)!.config('GET', name)) as string[])[1]!;
    const args = [
      '--port', String(port), '--cluster-port', await conf('cluster-port'), '--bind', '127.0.0.1',
      '--cluster-enabled', 'yes', '--cluster-config-file', await conf('cluster-config-file'),
      '--cluster-node-timeout', await conf('cluster-node-timeout'), '--dir', await conf('dir'),
      '--save', '', '--appendonly', 'no', '--logfile', '', '--loglevel', 'warning',
    ];
    await cluster.nodes.find((n) => n.port === port)!.kill();
    // Not answering is seen without any write: the sink redials its masters.
    await waitFor(() => s.sink.problem()?.code === 'unreachable', { message: `unreachable: ${JSON.stringify(s.sink.problem())}` });
    restarted.push(spawn('redis-server', args, { stdio: 'ignore' }));
    await waitFor(async () => (await present('restart')) === N, { timeoutMs: 60_000, message: 'the restarted master\'s books back' });
    for (const x of theirs) assert.equal(JSON.parse((await reader.get(key('restart', x)))!).symbol, x);
    assert.ok(s.sink.counters().restarts >= 1, 'the run_id change was seen');
    assert.ok(s.resets.some((w) => /another server/.test(w)), `told as a restart, not found by the keeper: ${s.resets.join(' | ')}`);
    const ttl = await reader.ttl(key('restart', theirs[0]!));
    assert.ok(ttl > 0 && ttl <= 120, `a TTL still runs: ${ttl}`);
    await waitFor(() => s.sink.status() === 'writable', { message: 'writable again' });
    await cluster.waitHealthy();
    await s.stop();
  });

  it('a wrong password, or none, is "auth" with the fix; the right one writes', async () => {
    const ports = cluster.masters().map((m) => m.port);
    for (const p of ports) cluster.cli(['config', 'set', 'requirepass', 'right'], p);
    try {
      const port = ports[0]!;
      for (const seed of [`redis://:wrong@127.0.0.1:${port}`, `127.0.0.1:${port}`]) {
        const sink = createRedisClusterSink({ seeds: [seed], prefix: 'auth', venue: 'v' });
        cleanup.push(() => sink.close());
        const streamer = createStreamer({ feed: new FakeFeed(marketList(2), 'v'), source: 'test', sink });
        await waitFor(() => sink.problem()?.code === 'auth', { message: `auth problem for ${seed}: ${JSON.stringify(sink.problem())}` });
        assert.match(sink.problem()!.message, /WRONGPASS|NOAUTH/);
        assert.match(sink.problem()!.fix, /password in REDIS_URL/);
        assert.equal(sink.status(), 'down');
        assert.ok(streamer.stats().readiness.reasons.some((x) => /authentication failed/.test(x)), streamer.stats().readiness.reasons.join(' | '));
        await assert.rejects(sink.write([{ symbol: 'A', value: '{}', compressed: false }], 30));
        assert.equal(sink.problem()?.code, 'auth');
      }
      const sink = createRedisClusterSink({ seeds: [`redis://:right@127.0.0.1:${port}`], prefix: 'auth', venue: 'v' });
      cleanup.push(() => sink.close());
      await sink.write(SYMBOLS.map((symbol) => ({ symbol, value: '{}', compressed: false })), 30);
      assert.equal(sink.status(), 'writable');
      assert.equal(sink.problem(), undefined);
    } finally {
      for (const p of ports) cluster.cli(['-a', 'right', '--no-auth-warning', 'config', 'set', 'requirepass', ''], p);
    }
  });
});
