// Scaling out (issue 16), measured against the single-node path in the same run:
// - Cluster: the firehose into the streamer writing to a 3-master Redis Cluster (one pipeline
//   per master per flush) against the same streamer writing to one redis-server, in
//   alternating windows; then the cluster's books are checked against the generator's.
// - Sharded: three SHARD=i/3 streamers against one unsharded one, each fed by the same
//   simulator at a fixed rate: each shard carries about its third of the messages, and
//   together they take the load one instance takes (or more, where one cannot).
import { Cluster } from 'ioredis';
import { createSimulator } from '@ob/simulator';
import { startRedisCluster, waitFor, type TestCluster } from '@ob/testkit';
import { fmt, type SuiteResult } from './report';
import type { Row } from './row';
import type { RunnerStats } from './consumer-stats';
import { spawnChild, type Child } from './rpc';
import { measure, sleep, startConsumer, type Env, type Window } from './session';
import { verifyBooks } from './verify';

const SECTION = 'Scaling out';
/** Cluster throughput should stay within this of single-node (it adds a round trip for the PUBLISH and a slot lookup per key). */
export const GOAL_CLUSTER_RATIO = 0.8;
/** No shard of 3 should carry much more than its third of the messages. */
export const GOAL_SHARD_SHARE = 0.5;
const SHARDS = 3;

async function firehose(env: Env, cluster: string | undefined, seconds: number, warmS: number) {
  const c = await startConsumer(env, 'streamer', { mode: { kind: 'firehose' }, settings: { batchIntervalMs: 100 }, cluster });
  await sleep(warmS * 1000);
  const w = await measure(env, c, seconds);
  env.log(`  ${cluster ? 'cluster' : 'single node'}: ${fmt(w.msgsPerSec, 0)} msg/s, ${fmt(w.cpuPct, 0)} % CPU`);
  return { c, w };
}

export async function benchScaleOut(env: Env): Promise<SuiteResult> {
  const seconds = env.quick ? 2 : 10;
  const warmS = env.quick ? 0.5 : 3;
  const rounds = env.quick ? 1 : 2;
  const rows: Row[] = [];
  let cluster: TestCluster | undefined;
  let reader: Cluster | undefined;
  try {
    cluster = await startRedisCluster();
    reader = new Cluster(cluster.nodes.map((n) => ({ host: '127.0.0.1', port: n.port })), { redisOptions: { maxRetriesPerRequest: 2 } });
    reader.on('error', () => {});
    const r = reader;
    // verifyBooks reads with MGET; on a cluster the keys span slots, so one GET each.
    const clusterEnv: Env = { ...env, redis: { mget: (...keys: string[]) => Promise.all(keys.map((k) => r.get(k))) } as unknown as Env['redis'] };
    let single: Window | undefined;
    let clustered: Window | undefined;
    let check: Awaited<ReturnType<typeof verifyBooks>> | undefined;
    for (let i = 0; i < rounds; i++) {
      const s = await firehose(env, undefined, seconds, warmS);
      await s.c.close();
      if (!single || s.w.msgsPerSec > single.msgsPerSec) single = s.w;
      const c = await firehose(env, cluster.seeds, seconds, warmS);
      const ck = await verifyBooks(clusterEnv, c.c);
      env.log(`  cluster books: ${ck.pass ? 'PASS' : `FAIL (${ck.detail})`}`);
      if (!check || check.pass) check = ck;
      await c.c.close();
      if (!clustered || c.w.msgsPerSec > clustered.msgsPerSec) clustered = c.w;
    }
    const pipelines = (w: Window) => (w.b.runner!.stats.totals.pipelines - w.a.runner!.stats.totals.pipelines) / w.seconds;
    const ratio = clustered!.msgsPerSec / single!.msgsPerSec;
    rows.push(
      { section: SECTION, name: 'streamer → one redis-server (firehose, 100 ms)', value: Math.round(single!.msgsPerSec), unit: 'msg/s',
        note: `${fmt(single!.cpuPct, 0)} % CPU, ${fmt(pipelines(single!), 0)} pipelines/s` },
      { section: SECTION, name: 'streamer → Redis Cluster, 3 masters + 3 replicas', value: Math.round(clustered!.msgsPerSec), unit: 'msg/s',
        note: `${fmt(clustered!.cpuPct, 0)} % CPU, ${fmt(pipelines(clustered!), 0)} flushes/s, each one pipeline per master in parallel then the PUBLISH` },
      { section: SECTION, name: 'cluster ÷ single node', value: Math.round(ratio * 100) / 100, unit: 'x', goal: `>= ${GOAL_CLUSTER_RATIO}`, met: ratio >= GOAL_CLUSTER_RATIO,
        note: `best of ${rounds} alternating ${seconds} s windows each; the cluster's 6 redis-servers share the same 2 cores` },
      { section: SECTION, name: 'Redis Cluster books = generator true books', value: check!.pass ? 'PASS' : 'FAIL', goal: 'PASS', met: check!.pass,
        note: check!.pass ? `${check!.markets} markets` : `${check!.mismatched.length} differ; ${check!.detail}` },
    );
  } finally {
    reader?.disconnect();
    await cluster?.stop();
  }
  rows.push(...await benchShards(env, seconds, warmS));
  return { rows };
}

/** One runner on the simulator, optionally a shard of it; resolves once it streams its share. */
async function startRunner(env: Env, wsUrl: string, restUrl: string, prefix: string, shard: string | undefined): Promise<Child> {
  const args = ['--ws', wsUrl, '--rest', restUrl, '--redis', env.redisUrl, '--prefix', prefix, '--settings', JSON.stringify({ batchIntervalMs: 100 })];
  if (shard) args.push('--shard', shard);
  const child = spawnChild('streamer-runner.ts', { name: `streamer ${shard ?? 'all'}`, args });
  await child.once('started');
  await waitFor(async () => (await child.call<RunnerStats>('stats')).stats.feed.validMarkets > 0, { timeoutMs: 60_000, message: `${shard ?? 'unsharded'} streamer subscribed` });
  return child;
}

async function window(children: Child[], seconds: number) {
  const a = await Promise.all(children.map((c) => c.call<RunnerStats>('stats')));
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const b = await Promise.all(children.map((c) => c.call<RunnerStats>('stats')));
  const dt = (performance.now() - t0) / 1000;
  return children.map((_, i) => ({
    msgs: (b[i]!.messages - a[i]!.messages) / dt,
    writes: (b[i]!.stats.totals.snapshots - a[i]!.stats.totals.snapshots) / dt,
    cpu: ((b[i]!.cpuMicros - a[i]!.cpuMicros) / 1e6 / dt) * 100,
    markets: b[i]!.stats.feed.markets,
  }));
}

async function benchShards(env: Env, seconds: number, warmS: number): Promise<Row[]> {
  const rate = env.quick ? 30_000 : 40_000;
  const sim = createSimulator({ port: 0, rate, seed: 5 });
  const { wsUrl, restUrl } = await sim.start();
  try {
    const one = await startRunner(env, wsUrl, restUrl, 'benchshard-all', undefined);
    await sleep(warmS * 1000);
    const [single] = await window([one], seconds);
    await one.close();
    const shards: Child[] = [];
    for (let i = 0; i < SHARDS; i++) shards.push(await startRunner(env, wsUrl, restUrl, `benchshard-${i}`, `${i}/${SHARDS}`));
    await sleep(warmS * 1000);
    const parts = await window(shards, seconds);
    await Promise.all(shards.map((c) => c.close()));
    const sum = (f: (p: (typeof parts)[number]) => number) => parts.reduce((acc, p) => acc + f(p), 0);
    const fleetMsgs = sum((p) => p.msgs);
    const busiest = Math.max(...parts.map((p) => p.msgs)) / Math.max(1, fleetMsgs);
    env.log(`  sharded: single ${fmt(single!.msgs, 0)} msg/s ${fmt(single!.cpu, 1)} % CPU; shards ${parts.map((p) => `${p.markets} markets ${fmt(p.msgs, 0)} msg/s ${fmt(p.cpu, 1)} %`).join(', ')}`);
    return [
      { section: SECTION, name: `one streamer, all 45 markets (simulator ${fmt(rate)} msg/s)`, value: Math.round(single!.msgs), unit: 'msg/s',
        note: `${fmt(single!.cpu, 1)} % CPU, ${fmt(single!.writes, 0)} writes/s` },
      { section: SECTION, name: `${SHARDS} shards (SHARD=i/${SHARDS}) on the same simulator and Redis`, value: Math.round(fleetMsgs), unit: 'msg/s',
        note: `per shard: ${parts.map((p) => `${p.markets} markets, ${fmt(p.msgs, 0)} msg/s, ${fmt(p.cpu, 1)} % CPU`).join('; ')}; together ${fmt(sum((p) => p.writes), 0)} writes/s` },
      { section: SECTION, name: 'sharded ÷ one streamer (msg/s in)', value: Math.round((fleetMsgs / Math.max(1, single!.msgs)) * 100) / 100, unit: 'x',
        note: 'above 1 when the single instance cannot take the whole offered load on this machine' },
      { section: SECTION, name: 'busiest shard\'s share of the messages', value: Math.round(busiest * 100) / 100, unit: 'x',
        goal: `<= ${GOAL_SHARD_SHARE}`, met: busiest <= GOAL_SHARD_SHARE,
        note: `an even split is ${fmt(1 / SHARDS, 2)}; rendezvous hashing splits markets, not their traffic. CPU per shard is not a third of one streamer's at this rate: a wake-up costs as much as many frames` },
    ];
  } finally {
    await sim.stop();
  }
}
