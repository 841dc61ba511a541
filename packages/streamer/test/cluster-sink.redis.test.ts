// The cluster sink against a real 3-master Redis Cluster with replicas: writes land on the
// master of each key's slot, MOVED and ASK are followed, and a killed master's keys end up
// holding their newest values on the promoted replica, the failover told to onServer listeners
// (a slot moved by hand, whose keys move with it, is not).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster, Redis } from 'ioredis';
import { startRedisCluster, waitFor, type TestCluster } from '@ob/testkit';
import { createRedisClusterSink, keySlot, type ClusterSink, type SinkRecord } from '@ob/streamer';

const PREFIX = 'tc';
const VENUE = 'lighter';
const SYMBOLS = Array.from({ length: 60 }, (_, i) => `S${i}`);
const key = (s: string) => `${PREFIX}:book:${VENUE}:${s}`;
const records = (n: number): SinkRecord[] => SYMBOLS.map((symbol) => ({ symbol, value: JSON.stringify({ symbol, n }), compressed: false }));

describe('Redis Cluster sink', () => {
  let cluster: TestCluster;
  let sink: ClusterSink;
  let reader: Cluster;
  const told: boolean[] = [];

  before(async () => {
    cluster = await startRedisCluster();
    sink = createRedisClusterSink({ seeds: cluster.seeds.split(','), prefix: PREFIX, venue: VENUE });
    sink.onServer((changed) => told.push(changed));
    reader = new Cluster(cluster.seeds.split(',').map((s) => ({ host: '127.0.0.1', port: Number(s.split(':')[1]) })), {
      redisOptions: { maxRetriesPerRequest: 2 }, clusterRetryStrategy: () => 100,
    });
    reader.on('error', () => {});
  });
  after(async () => { await sink.close(); reader.disconnect(); await cluster.stop(); });

  it('writes each key to the master of its slot, every master taking a share, and publishes once', async () => {
    const sub = new Redis(cluster.nodes[0]!.url);
    const heard: string[][] = [];
    await sub.subscribe(`${PREFIX}:updates:${VENUE}`);
    sub.on('message', (_c, payload: string) => heard.push(JSON.parse(payload) as string[]));
    await sink.write(records(1), 30);
    assert.equal(sink.status(), 'writable');
    assert.deepEqual(sink.topology(), { masters: 3, slotsServed: 16384 });
    for (const s of SYMBOLS) assert.deepEqual(JSON.parse((await reader.get(key(s)))!), { symbol: s, n: 1 });
    const ttl = await reader.ttl(key('S0'));
    assert.ok(ttl > 0 && ttl <= 30, `ttl ${ttl}`);
    // Each master holds exactly the keys of its slots (a write sent to the wrong node would be MOVED, not stored).
    for (const m of cluster.masters()) {
      const n = Number(cluster.cli(['dbsize'], m.port));
      assert.ok(n > 5, `master ${m.port} holds ${n} keys: every master takes a share`);
    }
    assert.equal(sink.counters().moved, 0);
    // PUBLISH (classic pub/sub) reaches a subscriber on any node, here one that may own none of the keys.
    await waitFor(() => heard.length === 1, { message: 'the updates message on node 0' });
    assert.deepEqual(heard[0], SYMBOLS);
    sub.disconnect();
  });

  it('follows MOVED when a slot changes master, and ASK while it migrates', async () => {
    const symbol = 'S7';
    const slot = keySlot(key(symbol));
    const masters = cluster.masters();
    const idOf = (port: number) => cluster.cli(['cluster', 'myid'], port);
    const ownerPort = Number((await reader.cluster('SLOTS') as unknown as [number, number, [string, number]][])
      .find(([a, b]) => slot >= a && slot <= b)![2][1]);
    const target = masters.find((m) => m.port !== ownerPort)!.port;

    // ASK: the slot is migrating and the key is not on the source yet, so the source answers ASK.
    cluster.cli(['del', key(symbol)], ownerPort);
    cluster.cli(['cluster', 'setslot', String(slot), 'importing', idOf(ownerPort)], target);
    cluster.cli(['cluster', 'setslot', String(slot), 'migrating', idOf(target)], ownerPort);
    const before = sink.counters();
    await sink.write([{ symbol, value: '"asked"', compressed: false }], 30);
    assert.ok(sink.counters().ask > before.ask, 'an ASK was followed');

    // MOVED: the slot is handed over (every node told), so the old owner now redirects.
    for (const m of cluster.masters()) cluster.cli(['cluster', 'setslot', String(slot), 'node', idOf(target)], m.port);
    assert.equal(cluster.cli(['get', key(symbol)], target), '"asked"', 'the asked write went to the importing node');
    await sink.write([{ symbol, value: '"moved"', compressed: false }], 30);
    assert.ok(sink.counters().moved > before.moved, 'a MOVED was followed');
    assert.equal(cluster.cli(['get', key(symbol)], target), '"moved"', 'the value is on the new owner');
    assert.equal(sink.counters().failovers, 0, 'a slot handed over between live masters is no failover');
    assert.ok(!told.includes(true), 'nor is it told as another server');
  });

  it('after a master with a replica is killed mid-stream, every key holds its newest value', async () => {
    const victim = cluster.masters().find((m) => m.replicas.length > 0)!;
    let n = 100;
    let written = 0;
    let failed = 0;
    let stop = false;
    // Writes as the batcher does: one at a time; a failed one is retried with newer values.
    const loop = (async () => {
      while (!stop) {
        try { await sink.write(records(++n), 60); written++; } catch { failed++; }
      }
    })();
    await waitFor(() => written > 20, { message: 'writes before the kill' });
    await cluster.nodes.find((x) => x.port === victim.port)!.kill();
    await waitFor(() => cluster.masters().some((m) => m.port === victim.replicas[0]), { timeoutMs: 60_000, message: 'the replica promoted' });
    const after = written;
    await waitFor(() => written > after + 20, { timeoutMs: 60_000, message: 'writes succeed again after the failover' });
    stop = true;
    await loop;
    await cluster.waitHealthy();
    const last = n;
    for (const s of SYMBOLS) {
      const v = await reader.get(key(s));
      assert.deepEqual(JSON.parse(v!), { symbol: s, n: last }, `${s} holds the newest write`);
    }
    assert.ok(sink.counters().topologyReads > 1, 'the slot map was read again');
    assert.ok(sink.counters().failovers >= 1, 'the promotion was seen as a failover');
    assert.ok(told.includes(true), 'and told: the streamer rewrites every book and the server re-persists its config');
    assert.equal(sink.status(), 'writable');
    void failed;
  });
});
