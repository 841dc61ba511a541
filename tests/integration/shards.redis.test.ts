// Issue 16, sharded streamers: three real server processes (SHARD=0/3, 1/3, 2/3) on one venue
// and one Redis. Every market is written by exactly one of them (seen at Redis itself, with
// MONITOR), the one rendezvous hashing names; any instance's /api/fleet lists all three; a
// settings change made on one reaches the others; and when one is killed, the view names it
// and the shard it leaves uncovered.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { shardOf } from '@ob/core';
import { createSimulator, type Simulator } from '@ob/simulator';
import type { ConfigResponse, FleetView, MarketStats } from '@ob/protocol';
import { freePort, startRedis, waitFor, type TestRedis } from '@ob/testkit';

const root = new URL('../../', import.meta.url);
const PREFIX = 'tsh';
const N = 3;

interface Instance { name: string; port: number; proc: ChildProcess; output: string }

function spawnShard(i: number, port: number, wsUrl: string, restUrl: string, redisUrl: string): Instance {
  const name = `shard-${i}`;
  const proc = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env, SOURCE: 'lighter', LIGHTER_WS_URL: wsUrl, LIGHTER_REST_URL: restUrl, REDIS_URL: redisUrl,
      PORT: String(port), PREFIX, SHARD: `${i}/${N}`, INSTANCE: name, BATCH_INTERVAL_MS: '50',
      STATS_LOG_SECONDS: '0', LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const inst: Instance = { name, port, proc, output: '' };
  proc.stdout!.on('data', (d) => { inst.output += d; });
  proc.stderr!.on('data', (d) => { inst.output += d; });
  return inst;
}

const get = async <T>(inst: Instance, path: string): Promise<T> => {
  const res = await fetch(`http://127.0.0.1:${inst.port}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return await res.json() as T;
};

describe('three shards on one Redis', () => {
  let redis: TestRedis;
  let sim: Simulator;
  let monitor: Redis;
  let control: Redis;
  const shards: Instance[] = [];
  /** Book key → the client addresses that SET it. */
  const writers = new Map<string, Set<string>>();

  before(async () => {
    redis = await startRedis();
    sim = createSimulator({ port: 0, rate: 1_500, seed: 33 });
    const { wsUrl, restUrl } = await sim.start();
    control = new Redis(redis.url);
    monitor = await control.monitor();
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (args[0]?.toLowerCase() !== 'set' || !args[1]?.startsWith(`${PREFIX}:book:`)) return;
      let s = writers.get(args[1]);
      if (!s) writers.set(args[1], s = new Set());
      s.add(source);
    });
    for (let i = 0; i < N; i++) shards.push(spawnShard(i, await freePort(), wsUrl, restUrl, redis.url));
  });
  after(async () => {
    for (const s of shards) if (s.proc.exitCode === null) s.proc.kill('SIGKILL');
    monitor.disconnect();
    control.disconnect();
    await sim.stop();
    await redis.stop();
  });

  it('writes every market from exactly one instance, the one its hash names', async () => {
    const markets = sim.markets();
    // Three cold starts through tsx at once on a shared 2-core machine: be patient.
    await waitFor(async () => {
      for (const s of shards) if (!(await fetch(`http://127.0.0.1:${s.port}/readyz`).catch(() => null))?.ok) return false;
      return true;
    }, { timeoutMs: 180_000, intervalMs: 250, message: `every shard ready (${shards.map((s) => s.output.slice(-300)).join(' | ')})` });
    await waitFor(() => writers.size === markets.length, { timeoutMs: 60_000, message: `every market's key SET (${writers.size}/${markets.length})` });
    // Some more flushes, so a market written by two instances would show it.
    const after = (await control.info('stats')).match(/total_commands_processed:(\d+)/)![1];
    await waitFor(async () => Number((await control.info('stats')).match(/total_commands_processed:(\d+)/)![1]) > Number(after) + 500, { message: 'more writes' });

    const owners = new Map<string, string>(); // client address → shard
    for (const m of markets) {
      const key = `${PREFIX}:book:lighter:${m.symbol}`;
      const by = [...(writers.get(key) ?? [])];
      assert.equal(by.length, 1, `${m.symbol} written by ${by.length} connections: ${by.join(', ')}`);
      const shard = String(shardOf('lighter', m.symbol, N));
      const seen = owners.get(by[0]!);
      assert.ok(seen === undefined || seen === shard, `one connection writes for one shard (${by[0]} wrote for ${seen} and ${shard})`);
      owners.set(by[0]!, shard);
    }
    assert.equal(new Set(owners.values()).size, N, 'three writers, one per shard');

    // Each instance's own market list is its share, and the shares cover the venue once.
    const lists = (await Promise.all(shards.map((s) => get<{ markets: MarketStats[] }>(s, '/api/markets')))).map((r) => r.markets);
    const all = lists.flat().map((m) => m.symbol).sort();
    assert.deepEqual(all, markets.map((m) => m.symbol).sort(), 'the shares add up to every market, none twice');
    lists.forEach((list, i) => {
      for (const m of list) assert.equal(shardOf('lighter', m.symbol, N), i, `${m.symbol} on shard ${i}`);
    });
  });

  it('shows the whole fleet from any instance, with totals', async () => {
    for (const s of shards) {
      const view = await waitFor(async () => {
        const v = await get<FleetView>(s, '/api/fleet');
        return v.instances.length === N && v.instances.every((x) => x.health === 'ok') ? v : null;
      }, { message: `${s.name} sees three healthy instances` });
      assert.deepEqual(view.instances.map((x) => x.id).sort(), shards.map((x) => x.name));
      assert.deepEqual(view.instances.filter((x) => x.self).map((x) => x.id), [s.name]);
      assert.equal(view.totals.instances, N);
      assert.equal(view.totals.markets, sim.markets().length);
      assert.deepEqual(view.missingShards, []);
      assert.deepEqual(view.silent, []);
      assert.deepEqual(view.instances.map((x) => x.report?.shard).sort(), ['0/3', '1/3', '2/3']);
    }
  });

  it('a settings change on one instance reaches every instance', async () => {
    const res = await fetch(`http://127.0.0.1:${shards[1]!.port}/api/config`, {
      method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ batchIntervalMs: 70, depth: 30 }),
    });
    assert.equal(res.status, 200, await res.text());
    for (const s of shards) {
      await waitFor(async () => {
        const c = await get<ConfigResponse>(s, '/api/config');
        return c.settings.batchIntervalMs === 70 && c.settings.depth === 30 && c.lastChange?.changed.includes('depth');
      }, { message: `${s.name} runs the new settings` });
    }
  });

  it('names an instance that stopped reporting, and the shard it left uncovered', async () => {
    const victim = shards[2]!;
    await new Promise<void>((resolve) => { victim.proc.once('exit', () => resolve()); victim.proc.kill('SIGKILL'); });
    const view = await waitFor(async () => {
      const v = await get<FleetView>(shards[0]!, '/api/fleet');
      return v.silent.includes(victim.name) ? v : null;
    }, { message: 'the view names the killed shard' });
    const dead = view.instances.find((x) => x.id === victim.name)!;
    assert.ok(dead.health === 'late' || dead.health === 'stopped', dead.health);
    assert.ok(view.now - dead.lastSeen >= 3_000, 'silent for at least the late threshold');
    assert.equal(view.totals.instances, N - 1);
    // Once its report expired it counts as stopped and its shard as uncovered.
    const later = await waitFor(async () => {
      const v = await get<FleetView>(shards[1]!, '/api/fleet');
      return v.instances.find((x) => x.id === victim.name)?.health === 'stopped' ? v : null;
    }, { message: 'the report expires: stopped' });
    assert.deepEqual(later.missingShards, ['2/3']);
    assert.deepEqual(later.silent, [victim.name]);
  });
});
