// Issue 16, proof on real parts: simulator → Lighter adapter → streamer → a real 3-master Redis
// Cluster with a replica each. A master with a replica is killed mid-stream; the replica is
// promoted, the sink follows, and once the feed pauses every market's key equals the
// simulator's own book. Meanwhile no reader ever sees a market's seq go backwards.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster, Redis } from 'ioredis';
import { createLighterFeed } from '@ob/feeds';
import { createSimulator, type Simulator } from '@ob/simulator';
import { createRedisClusterSink, createStreamer, keySlot, type ClusterSink, type Streamer } from '@ob/streamer';
import type { BookSnapshot } from '@ob/protocol';
import { silentLog } from '@ob/core';
import { startRedisCluster, waitFor, type TestCluster } from '@ob/testkit';

const PREFIX = 'tcf';
const VENUE = 'lighter';
const DEPTH = 20;
const bookKey = (symbol: string) => `${PREFIX}:book:${VENUE}:${symbol}`;

describe('streaming through a Redis Cluster while a master fails over', () => {
  let cluster: TestCluster;
  let sim: Simulator;
  let sink: ClusterSink;
  let streamer: Streamer;
  let reader: Cluster;

  before(async () => {
    cluster = await startRedisCluster();
    sim = createSimulator({ port: 0, seed: 16, rate: 2_000 });
    const { wsUrl, restUrl } = await sim.start();
    sink = createRedisClusterSink({ seeds: cluster.seeds.split(','), prefix: PREFIX, venue: VENUE, log: silentLog });
    streamer = createStreamer({
      feed: createLighterFeed({ wsUrl, restUrl, log: silentLog }), source: 'simulator', sink,
      settings: { batchIntervalMs: 50, depth: DEPTH, ttlSeconds: 120 }, log: silentLog,
    });
    await streamer.start();
    reader = new Cluster(cluster.nodes.map((n) => ({ host: '127.0.0.1', port: n.port })), {
      redisOptions: { maxRetriesPerRequest: 3 }, clusterRetryStrategy: () => 100,
    });
    reader.on('error', () => {});
  });
  after(async () => {
    await streamer.stop();
    await sink.close();
    reader.disconnect();
    await sim.stop();
    await cluster.stop();
  });

  async function mismatches(): Promise<string[]> {
    const bad: string[] = [];
    for (const m of sim.markets()) {
      const truth = sim.trueBook(m.id);
      const raw = await reader.get(bookKey(m.symbol));
      const snap = raw === null ? null : (JSON.parse(raw) as BookSnapshot);
      if (!snap) bad.push(`${m.symbol}: no key`);
      else if (snap.seq !== truth.nonce) bad.push(`${m.symbol}: seq ${snap.seq} != ${truth.nonce}`);
      else if (JSON.stringify(snap.bids) !== JSON.stringify(truth.bids.slice(0, DEPTH))
        || JSON.stringify(snap.asks) !== JSON.stringify(truth.asks.slice(0, DEPTH))) bad.push(`${m.symbol}: levels differ`);
    }
    return bad;
  }

  it('spreads the books over every master, and after a failover every book equals the truth', async () => {
    const markets = sim.markets();
    await waitFor(async () => (await mismatches()).filter((x) => x.endsWith('no key')).length === 0, { message: 'a key for every market' });
    const used = new Set(markets.map((m) => ownerPort(keySlot(bookKey(m.symbol)))));
    assert.deepEqual([...used].sort(), cluster.masters().map((x) => x.port).sort(), 'the 45 books are spread over all 3 masters');

    // A reader polls every key throughout: a market's seq never goes backwards (no older write lands after a newer one).
    const lastSeq = new Map<string, number>();
    const regressions: string[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        for (const m of markets) {
          const raw = await reader.get(bookKey(m.symbol)).catch(() => null);
          if (raw === null) continue;
          const seq = (JSON.parse(raw) as BookSnapshot).seq;
          if (seq < (lastSeq.get(m.symbol) ?? -1)) regressions.push(`${m.symbol}: ${lastSeq.get(m.symbol)} → ${seq}`);
          lastSeq.set(m.symbol, seq);
        }
      }
    })();

    const victim = cluster.masters().find((m) => m.replicas.length > 0)!;
    const victimKeys = markets.filter((m) => ownerPort(keySlot(bookKey(m.symbol))) === victim.port).map((m) => m.symbol);
    assert.ok(victimKeys.length > 0, 'the victim holds some books');
    const writesBefore = streamer.stats().totals.snapshots;
    await cluster.nodes.find((n) => n.port === victim.port)!.kill();
    await waitFor(() => cluster.masters().some((m) => m.port === victim.replicas[0]), { timeoutMs: 60_000, message: 'the replica promoted' });
    await cluster.waitHealthy();
    // Writing goes on after the failover, the victim's markets included.
    await waitFor(() => streamer.stats().totals.snapshots > writesBefore + 500, { timeoutMs: 60_000, message: 'writes after the failover' });

    sim.pause();
    await waitFor(async () => (await mismatches()).length === 0, { timeoutMs: 60_000, message: 'every Redis book equals the simulator book' });
    polling = false;
    await poll;
    assert.deepEqual(regressions, [], 'no market seen going back in seq');
    assert.equal(sink.status(), 'writable');
    assert.ok(sink.counters().topologyReads > 1, 'the sink read the slot map again after the failover');

    function ownerPort(slot: number): number | undefined {
      // CLUSTER SHARDS/SLOTS as redis-cli sees it, before the kill.
      const line = slotOwners.find((r) => slot >= r.start && slot <= r.end);
      return line?.port;
    }
  });

  let slotOwners: { start: number; end: number; port: number }[] = [];
  before(async () => {
    const one = new Redis(cluster.nodes[0]!.url);
    const slots = await one.cluster('SLOTS') as unknown as [number, number, [string, number]][];
    one.disconnect();
    slotOwners = slots.map(([start, end, [, port]]) => ({ start, end, port }));
  });
});
