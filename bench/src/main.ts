// `npm run bench [-- --quick] [--memory-minutes=N] [--only=a,b] [--no-profile] [--profile] [--capture=DIR]`:
// starts a private redis-server and the generator process, runs every suite, prints the table
// and writes BENCHMARKS.md at the repo root.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { startRedis, type TestRedis } from '@ob/testkit';
import { benchBookCore } from './book-core';
import { benchCpu } from './cpu';
import { benchLatency } from './latency';
import { benchManyMarkets } from './markets-400';
import { benchMemory } from './memory';
import { benchReplay } from './replay';
import { benchmarksMarkdown, machine, textTable, writeBenchmarks, type Block, type SuiteResult } from './report';
import type { Row } from './row';
import { compileChildren, spawnChild, type Child } from './rpc';
import type { Env } from './session';
import { benchScaleOut } from './scale-out';
import { benchThroughput } from './throughput';
import { benchVenues } from './venues';
import { benchWriteLoad } from './write-load';

export const SUITES = ['book-core', 'throughput', 'cpu', 'markets-400', 'venues', 'latency', 'write-load', 'scale-out', 'replay', 'memory'] as const;
type Suite = (typeof SUITES)[number];

const root = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const log = (msg: string) => console.log(msg);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      'memory-minutes': { type: 'string' },
      only: { type: 'string' },
      profile: { type: 'boolean' },
      'no-profile': { type: 'boolean', default: false },
      out: { type: 'string', default: join(root, 'BENCHMARKS.md') },
      /** The replay suite replays this capture (RECORD=DIR) instead of recording one. */
      capture: { type: 'string' },
    },
  });
  const quick = values.quick!;
  const memoryMinutes = Number(values['memory-minutes'] ?? (quick ? 0.2 : 1));
  if (!(memoryMinutes > 0)) throw new Error('--memory-minutes must be a positive number');
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : [...SUITES];
  const unknown = only.filter((s) => !(SUITES as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`unknown suite(s) ${unknown.join(', ')}; known: ${SUITES.join(', ')}`);
  const profile = values.profile ?? (!quick && !values['no-profile']);
  const want = (s: Suite) => only.includes(s);

  const startedAt = new Date();
  const t0 = performance.now();
  const m = machine();
  log(`bench: ${quick ? 'quick' : 'full'} run on ${m.nproc} × ${m.cpu}, node ${m.node}, load ${m.load}`);
  const rows: Row[] = [];
  const blocks: Block[] = [];
  const run = async (name: string, fn: () => Promise<SuiteResult>) => {
    log(`\n== ${name}`);
    const t = performance.now();
    try {
      const r = await fn();
      log(`   (${((performance.now() - t) / 1000).toFixed(1)} s)`);
      rows.push(...r.rows);
      blocks.push(...(r.blocks ?? []));
    } catch (err) {
      console.error(err);
      rows.push({ section: name, name: 'suite failed', value: 'ERROR', met: false, note: err instanceof Error ? err.message.split('\n')[0]! : String(err) });
    }
  };

  // Micro-benchmarks first, while no other process of ours competes for the cores (each
  // candidate in a process of its own: book-core.ts).
  if (want('book-core')) await run('Book core', async () => ({ rows: await benchBookCore({ quick }) }));

  let redis: TestRedis | undefined;
  let client: Redis | undefined;
  let gen: Child | undefined;
  // Kept after the run (git-ignored) so the parser and streamer owners can open it in DevTools.
  const profileDir = join(root, 'bench', '.profiles');
  if (profile) { rmSync(profileDir, { recursive: true, force: true }); mkdirSync(profileDir, { recursive: true }); }
  const cleanup = async () => {
    await gen?.close().catch(() => {});
    client?.disconnect();
    await redis?.stop().catch(() => {});
  };
  process.once('SIGINT', () => { void cleanup().finally(() => process.exit(130)); });
  try {
    if (only.some((s) => s !== 'book-core')) {
      redis = await startRedis();
      client = new Redis(redis.url, { lazyConnect: false, maxRetriesPerRequest: 2 });
      await compileChildren(['generator.ts', 'streamer-runner.ts', 'baseline-consumer.ts', 'replay-baseline.ts']);
      gen = spawnChild('generator.ts', { name: 'generator', args: ['--markets', '45', '--seed', '1', '--forward', quick ? '30000' : '100000'] });
      const { port, ringSize } = await gen.once<{ port: number; ringSize: number }>('listening');
      log(`generator on port ${port}, ring of ${ringSize} frames; redis on ${redis.port}`);
      const env: Env = { quick, gen, genPort: port, redisUrl: redis.url, redis: client, log };
      if (want('throughput')) await run('Throughput', () => benchThroughput(env, { root, profileDir: profile ? profileDir : undefined }));
      if (want('cpu')) await run('CPU at seed load', () => benchCpu(env, { root, profileDir: profile ? profileDir : undefined }));
      if (want('markets-400')) await run('Many markets (400 vs 45)', () => benchManyMarkets(env));
      if (want('venues')) await run('Venues', () => benchVenues(env));
      if (want('latency')) await run('Latency', () => benchLatency(env));
      if (want('write-load')) await run('Write load', () => benchWriteLoad(env));
      if (want('replay')) await run('Record and replay', () => benchReplay(env, { capture: values.capture }));
      if (want('scale-out')) await run('Scaling out', () => benchScaleOut(env));
      if (want('memory')) await run('Memory', () => benchMemory(env, memoryMinutes));
    }
  } finally {
    await cleanup();
  }

  const durationS = (performance.now() - t0) / 1000;
  log(`\n${textTable(rows)}\n`);
  const argv = process.argv.slice(2);
  writeBenchmarks(values.out!, benchmarksMarkdown({ rows, blocks, machine: m, startedAt, durationS, argv, quick, memoryMinutes }));
  log(`wrote ${values.out} (${Math.round(durationS)} s)`);
}

main().catch((err) => { console.error(err); process.exit(1); });
