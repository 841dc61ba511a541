// What every suite shares: the generator process, the private redis, and starting a consumer
// (streamer or baseline) against them, then reading its counters over a measurement window.
import type { Redis } from 'ioredis';
import type { ConsumerStats, RunnerStats } from './consumer-stats';
import type { ThreadCpu } from './thread-cpu';
import type { GeneratorStatus, Mode } from './generator-api';
import { spawnChild, type Child } from './rpc';

/** A consumer that has not subscribed every market by then is broken. */
export const SUBSCRIBE_TIMEOUT_MS = 60_000;

export interface Env {
  quick: boolean;
  gen: Child;
  genPort: number;
  redisUrl: string;
  redis: Redis;
  log(msg: string): void;
}

/** The same figures from either kind of consumer. */
export interface Reading {
  /** Harness clock, ms. */
  at: number;
  messages: number;
  cpuMicros: number;
  rss: number;
  threads?: ThreadCpu;
  /** Streamer only. */
  runner?: RunnerStats;
}

export interface Consumer {
  kind: 'streamer' | 'baseline';
  child: Child;
  /** The key prefix its snapshots go under (streamer). */
  prefix: string;
  read(history?: number): Promise<Reading>;
  close(): Promise<void>;
}

export interface ConsumerOptions {
  mode: Mode;
  /** Streamer settings patch (batchIntervalMs, ...). */
  settings?: Record<string, unknown>;
  /** Streamer: write to this Redis Cluster (host:port,...) instead of the bench's redis-server. */
  cluster?: string;
  execArgv?: string[];
  /** Baseline: spread the markets over this many connections (the streamer's come from `feed`). */
  connections?: number;
  /** Streamer: feed options (marketsPerConnection) and whether reads are coalesced. */
  feed?: Record<string, unknown>;
  coalesce?: boolean;
  /** Longer for many markets: the streamer paces its subscribes under the venue's 200 messages a minute. */
  subscribeTimeoutMs?: number;
  /** Streamer: every market on one connection, no pacing (the generator serves one connection). */
  oneConnection?: boolean;
  /** More arguments for the streamer runner (e.g. --record DIR). */
  args?: string[];
}

let runs = 0;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Arms the generator with `mode`, starts the consumer, waits until it subscribed every market. */
export async function startConsumer(env: Env, kind: Consumer['kind'], opts: ConsumerOptions): Promise<Consumer> {
  await env.gen.call('arm', opts.mode);
  const ws = `ws://127.0.0.1:${env.genPort}/stream`;
  const rest = `http://127.0.0.1:${env.genPort}/api/v1/orderBooks`;
  const prefix = `bench${++runs}`;
  const args = kind === 'streamer'
    ? ['--ws', ws, '--rest', rest, ...(opts.cluster ? ['--cluster', opts.cluster] : ['--redis', env.redisUrl]), '--prefix', prefix, '--settings', JSON.stringify(opts.settings ?? {}),
      '--feed', JSON.stringify(opts.feed ?? {}), '--coalesce', opts.coalesce === false ? 'off' : 'on', ...(opts.oneConnection ? ['--one-connection'] : []), ...(opts.args ?? [])]
    : ['--ws', ws, '--rest', rest, '--connections', String(opts.connections ?? 1)];
  const script = kind === 'streamer' ? 'streamer-runner.ts' : 'baseline-consumer.ts';
  const subscribed = env.gen.once('subscribed');
  const child = spawnChild(script, { name: kind, args, execArgv: opts.execArgv ?? [] });
  await awaitReady(child, () => subscribed, 'subscribe every market', opts.subscribeTimeoutMs ?? SUBSCRIBE_TIMEOUT_MS);
  return consumerOf(kind, child, prefix);
}

/** Waits for `ready` (or the child's exit, or the deadline); a child that fails is closed. */
export async function awaitReady(child: Child, ready: () => Promise<unknown>, what: string, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ready(),
      child.exited.then((code) => { throw new Error(`${child.name} exited (${code}) before it did ${what}`); }),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${child.name} did not ${what} within ${timeoutMs / 1000} s`)), timeoutMs); }),
    ]);
  } catch (err) {
    await child.close().catch(() => {});
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** A started consumer process, read the same way whichever kind it is. */
export function consumerOf(kind: Consumer['kind'], child: Child, prefix: string): Consumer {
  const read = async (history?: number): Promise<Reading> => {
    if (kind === 'streamer') {
      const r = await child.call<RunnerStats>('stats', { history: history ?? 1 });
      return { at: performance.now(), messages: r.messages, cpuMicros: r.cpuMicros, rss: r.rss, threads: r.threads, runner: r };
    }
    const r = await child.call<ConsumerStats>('stats');
    return { at: performance.now(), messages: r.messages, cpuMicros: r.cpuMicros, rss: r.rss, threads: r.threads };
  };
  return { kind, child, prefix, read, close: () => child.close() };
}

/** What a consumer did between two readings. */
export interface Rates {
  a: Reading;
  b: Reading;
  seconds: number;
  msgsPerSec: number;
  /** % of one core. */
  cpuPct: number;
}

export function ratesOf(a: Reading, b: Reading): Rates {
  const dt = (b.at - a.at) / 1000;
  return { a, b, seconds: dt, msgsPerSec: (b.messages - a.messages) / dt, cpuPct: ((b.cpuMicros - a.cpuMicros) / 1e6 / dt) * 100 };
}

export interface Window extends Rates {
  genA: GeneratorStatus;
  genB: GeneratorStatus;
}

/** Counters at the start and end of `seconds` of whatever the generator is doing. */
export async function measure(env: Env, c: Consumer, seconds: number, history?: number): Promise<Window> {
  const genA = await env.gen.call<GeneratorStatus>('status');
  const a = await c.read();
  await sleep(seconds * 1000);
  const b = await c.read(history);
  const genB = await env.gen.call<GeneratorStatus>('status');
  return { ...ratesOf(a, b), genA, genB };
}

/** % of one core the generator used over the window, and % of the window it waited on TCP. */
export function generatorLoad(w: Window): { cpuPct: number; waitPct: number } {
  const ms = w.seconds * 1000;
  return {
    cpuPct: ((w.genB.cpuMicros - w.genA.cpuMicros) / 1e3 / ms) * 100,
    waitPct: ((w.genB.drainWaitMs - w.genA.drainWaitMs) / ms) * 100,
  };
}

/** Percentile of a list (nearest rank); NaN when empty. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
