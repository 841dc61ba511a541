// The server on a Redis Cluster: REDIS_CLUSTER, or a REDIS_URL that points at a cluster node,
// selects the cluster sink and a cluster client; books, the persisted config and the fleet view
// all work across slots. A single redis-server keeps the single-node sink.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLighterFeed } from '@ob/feeds';
import { createSimulator, type Simulator } from '@ob/simulator';
import { createStreamer, type SnapshotSink, type Streamer } from '@ob/streamer';
import type { FleetView } from '@ob/protocol';
import { startRedis, startRedisCluster, waitFor, type TestCluster, type TestRedis } from '@ob/testkit';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { fleetIdentity } from '../src/fleet/identity';
import { connectRedis, type RedisSetup } from '../src/redis/connect';
import { waitForRedis } from '../src/redis/ready';
import { quietLog } from './harness';

const PREFIX = 'tsc';
const none = async () => {};

describe('the server on a Redis Cluster', () => {
  let cluster: TestCluster;
  let single: TestRedis;
  let sim: Simulator;
  let setup: RedisSetup;
  let sink: SnapshotSink;
  let streamer: Streamer;
  let app: FastifyInstance;

  before(async () => {
    [cluster, single] = await Promise.all([startRedisCluster(), startRedis()]);
    sim = createSimulator({ port: 0, rate: 800, markets: 12 });
    const { wsUrl, restUrl } = await sim.start();
    const feed = createLighterFeed({ wsUrl, restUrl, log: quietLog });
    // REDIS_URL at one node, REDIS_CLUSTER empty: detected.
    setup = await connectRedis({ redisCluster: '', choice: { kind: 'url', url: cluster.nodes[1]!.url, stop: none }, prefix: PREFIX, log: quietLog });
    sink = setup.sinkFor(feed.venue);
    assert.ok(setup.redis && await waitForRedis(setup.redis, 10_000), 'cluster client ready');
    streamer = createStreamer({ feed, source: 'simulator', sink, log: quietLog });
    app = await buildApp({
      streamer, redis: setup.redis, fleet: { redis: setup.redis!, me: fleetIdentity('on-cluster', undefined, setup.mode) },
      startup: { host: '127.0.0.1', adminToken: '', allowedOrigins: '', statsHz: 10, prefix: PREFIX }, logger: false,
    });
    await streamer.start();
  });
  after(async () => {
    await app.close();
    await streamer.stop();
    await sink.close();
    setup.redis?.disconnect();
    await sim.stop();
    await Promise.all([cluster.stop(), single.stop()]);
  });

  it('detects the cluster at REDIS_URL and writes every book through the cluster sink', async () => {
    assert.equal(setup.mode, 'cluster');
    assert.match(setup.shown, /\(cluster\)$/);
    await waitFor(() => streamer.stats().redis.status === 'writable', { message: 'sink writable' });
    for (const m of sim.markets()) {
      await waitFor(async () => (await setup.redis!.get(`${PREFIX}:book:lighter:${m.symbol}`)) !== null, { message: `${m.symbol} in the cluster` });
    }
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 200, res.body);
  });

  it('persists a config change and shows itself in the fleet view, across slots', async () => {
    const res = await app.inject({ method: 'PATCH', url: '/api/config', payload: { batchIntervalMs: 80 } });
    assert.equal(res.statusCode, 200, res.body);
    const stored = JSON.parse((await setup.redis!.get(`${PREFIX}:config`))!) as { settings: { batchIntervalMs: number } };
    assert.equal(stored.settings.batchIntervalMs, 80);
    const view = await waitFor(async () => {
      const v = (await app.inject({ method: 'GET', url: '/api/fleet' })).json() as FleetView;
      return v.instances[0]?.health === 'ok' ? v : null;
    }, { message: 'this instance reports ok' });
    assert.deepEqual(view.instances.map((x) => [x.id, x.self, x.report?.sink]), [['on-cluster', true, 'cluster']]);
    assert.equal(view.totals.markets, 12);
  });

  it('REDIS_CLUSTER selects the cluster; a single redis-server keeps the single-node sink', async () => {
    const a = await connectRedis({ redisCluster: cluster.seeds, choice: { kind: 'none', url: '', stop: none }, prefix: 'x', log: quietLog });
    const b = await connectRedis({ redisCluster: '', choice: { kind: 'url', url: single.url, stop: none }, prefix: 'x', log: quietLog });
    const sinks = [a.sinkFor('lighter'), b.sinkFor('lighter')];
    try {
      assert.equal(a.mode, 'cluster');
      assert.equal(b.mode, 'single');
      assert.match(sinks[0]!.url, /\(cluster\)$/);
      assert.doesNotMatch(sinks[1]!.url, /cluster/);
    } finally {
      for (const k of sinks) await k.close();
      for (const s of [a, b]) s.redis?.disconnect();
    }
  });
});
