// Bench rows per venue (issue 15.5): every venue of the registry, driven by its simulator at the
// simulator's own rate (the rate it plays the venue at), streamed by the production path (the
// registry's createFeed → createStreamer → Redis sink, streamer-runner.ts --venue) while the
// baseline (baseline-consumer.ts --venue: the venue's subscribe texts over `ws`, JSON.parse of
// every frame) is subscribed to the same markets of the same simulator. The simulators send each
// frame to every subscriber, so both consumers get the very same frames at the same time and are
// read over the same windows. At the end the simulator holds still and every Redis book must
// equal the simulator's truth.
import type { MarketStats } from '@ob/protocol';
import { VENUES } from '@ob/feeds';
import { simulatedVenue, type RunningSimulator } from '@ob/simulator';
import { waitFor } from '@ob/testkit';
import { INTERVAL_MS } from './cpu';
import { fmt, markdownTable, type SuiteResult } from './report';
import type { Row } from './row';
import { spawnChild } from './rpc';
import { awaitReady, consumerOf, percentile, ratesOf, sleep, type Consumer, type Env, type Rates } from './session';
import { threadShares } from './thread-cpu';
import { awaitBooks } from './verify';

const SECTION = 'Venues';
/** Binance paces its REST snapshots under the weight budget: a venue's books may take a while. */
const READY_TIMEOUT_MS = 120_000;

interface Plan { rounds: number; seconds: number; warmS: number }

/** A few minutes for all five venues; the JIT has mostly settled after the warm-up at these rates. */
const plan = (quick: boolean): Plan => (quick ? { rounds: 1, seconds: 3, warmS: 1 } : { rounds: 3, seconds: 10, warmS: 15 });

interface Cpu {
  /** Median, min and max of the windows' CPU, % of one core. */
  median: number; min: number; max: number;
  msgsPerSec: number;
  usPerMsg: number;
  /** Frames over all the windows. */
  messages: number;
  /** The median window's CPU by thread kind. */
  threads: string;
}

function cpuOf(windows: readonly Rates[]): Cpu {
  const cpu = windows.map((w) => w.cpuPct);
  const median = percentile(cpu, 50);
  const mid = windows.find((w) => w.cpuPct === median)!;
  return {
    median, min: Math.min(...cpu), max: Math.max(...cpu), msgsPerSec: mid.msgsPerSec, messages: windows.reduce((n, w) => n + w.b.messages - w.a.messages, 0),
    usPerMsg: (median / 100) * 1e6 / mid.msgsPerSec, threads: threadShares(mid.a.threads, mid.b.threads, mid.seconds),
  };
}

interface VenueRun {
  venue: string;
  markets: number;
  connections: string;
  streamer: Cpu;
  baseline: Cpu;
  books: { pass: boolean; detail: string };
  /** From the streamer's feed over the whole run: should all be 0 on a clean simulator. */
  gaps: number; resyncs: number; parseErrors: number;
}

interface MarketsReply { markets: MarketStats[]; connections?: number }

let runs = 0;

async function startStreamer(env: Env, venue: string, sim: RunningSimulator): Promise<Consumer> {
  const prefix = `bv${++runs}`;
  const child = spawnChild('streamer-runner.ts', {
    name: `streamer (${venue})`,
    args: ['--venue', venue, '--ws', sim.wsUrl, '--rest', sim.restUrl, '--redis', env.redisUrl, '--prefix', prefix, '--settings', JSON.stringify({ batchIntervalMs: INTERVAL_MS })],
  });
  const started = child.once('started');
  await awaitReady(child, async () => {
    await started;
    await waitFor(async () => {
      const { markets } = await child.call<MarketsReply>('markets');
      return markets.length > 0 && markets.every((m) => m.valid && m.writes > 0);
    }, { timeoutMs: READY_TIMEOUT_MS, intervalMs: 250, message: 'every market valid and written' });
  }, 'have every market valid and written', READY_TIMEOUT_MS + 10_000);
  return consumerOf('streamer', child, prefix);
}

async function startBaseline(venue: string, sim: RunningSimulator, symbols: readonly string[], connections?: number): Promise<{ c: Consumer; connections: number }> {
  const child = spawnChild('baseline-consumer.ts', {
    name: `baseline (${venue})`,
    args: ['--venue', venue, '--ws', sim.wsUrl, '--rest', sim.restUrl, '--symbols', symbols.join(','), ...(connections ? ['--connections', String(connections)] : [])],
  });
  const started = child.once<{ connections: number }>('started');
  await awaitReady(child, () => started, 'subscribe', READY_TIMEOUT_MS);
  return { c: consumerOf('baseline', child, ''), connections: (await started).connections };
}

/** One venue: simulator, streamer, baseline on the same frames; windows read from both at once; then the books. */
async function benchVenue(env: Env, venue: string, p: Plan): Promise<VenueRun> {
  const simulated = simulatedVenue(venue);
  if (!simulated) throw new Error(`no simulator for venue ${venue} in @ob/simulator's registry`);
  const sim = await simulated.start({});
  const open: Consumer[] = [];
  try {
    const s = await startStreamer(env, venue, sim);
    open.push(s);
    const { markets, connections } = await s.child.call<MarketsReply>('markets');
    const b = await startBaseline(venue, sim, markets.map((m) => m.symbol), connections);
    open.push(b.c);
    await sleep(p.warmS * 1000);
    const sw: Rates[] = [];
    const bw: Rates[] = [];
    for (let i = 0; i < p.rounds; i++) {
      const [sa, ba] = await Promise.all([s.read(), b.c.read()]);
      await sleep(p.seconds * 1000);
      const [sb, bb] = await Promise.all([s.read(), b.c.read()]);
      sw.push(ratesOf(sa, sb));
      bw.push(ratesOf(ba, bb));
    }
    await b.c.close();

    sim.pause();
    const now = (await s.child.call<MarketsReply>('markets')).markets;
    const expected = now.map((m) => {
      const t = sim.truth(m.symbol);
      return { symbol: m.symbol, key: `${s.prefix}:book:${venue}:${m.symbol}`, bids: t?.bids.slice(0, m.depth) ?? [], asks: t?.asks.slice(0, m.depth) ?? [] };
    });
    const { mismatched, detail } = await awaitBooks(env.redis, expected);
    const noTruth = now.filter((m) => !sim.truth(m.symbol)).map((m) => m.symbol);
    const r = (await s.read()).runner!;
    const run: VenueRun = {
      venue, markets: now.length,
      connections: `${connections === undefined ? '' : `streamer on ${connections}, `}baseline on ${b.connections}`,
      streamer: cpuOf(sw), baseline: cpuOf(bw),
      books: noTruth.length ? { pass: false, detail: `no truth for ${noTruth.join(', ')}` }
        : { pass: mismatched.length === 0, detail: mismatched.length ? `${mismatched.length} of ${now.length} differ; ${detail}` : `${now.length} markets, top depth levels` },
      gaps: r.gaps, resyncs: r.resyncs, parseErrors: r.parseErrors,
    };
    env.log(`  ${venue}: streamer ${fmt(run.streamer.median)} % (${fmt(run.streamer.usPerMsg, 1)} µs/msg), baseline ${fmt(run.baseline.median)} % (${fmt(run.baseline.usPerMsg, 1)} µs/msg)`
      + ` at ${fmt(run.streamer.msgsPerSec, 0)} msg/s; books ${run.books.pass ? 'PASS' : `FAIL (${run.books.detail})`}`);
    return run;
  } finally {
    for (const c of open) await c.close().catch(() => {});
    await sim.stop().catch(() => {});
  }
}

const pct = (x: number) => Math.round(x * 100) / 100;
const range = (c: Cpu, p: Plan) => `median of ${p.rounds} window${p.rounds === 1 ? '' : 's'} of ${p.seconds} s after ${p.warmS} s, ${fmt(c.min)}-${fmt(c.max)} %`;

function rowsOf(r: VenueRun, p: Plan): Row[] {
  const ratio = r.streamer.median / r.baseline.median;
  const seen = r.baseline.messages / r.streamer.messages;
  return [
    { section: SECTION, name: `${r.venue}: streamer CPU (${r.markets} markets, ${fmt(r.streamer.msgsPerSec, 0)} msg/s, ${INTERVAL_MS} ms flushes)`, value: pct(r.streamer.median), unit: '%',
      note: `${range(r.streamer, p)}; ${fmt(r.streamer.usPerMsg, 1)} µs CPU/msg; ${r.streamer.threads}; gaps ${r.gaps}, resyncs ${r.resyncs}, parse errors ${r.parseErrors}` },
    { section: SECTION, name: `${r.venue}: baseline CPU (ws + JSON.parse), same frames`, value: pct(r.baseline.median), unit: '%',
      note: `${range(r.baseline, p)}; ${fmt(r.baseline.usPerMsg, 1)} µs CPU/msg at ${fmt(r.baseline.msgsPerSec, 0)} msg/s (frames over the windows: ${fmt(seen * 100, 1)} % of the streamer's); ${r.baseline.threads}` },
    { section: SECTION, name: `${r.venue}: streamer ÷ baseline CPU`, value: pct(ratio), unit: 'x',
      note: `medians over the same windows; ${r.connections} connection(s); lower is better` },
    { section: SECTION, name: `${r.venue}: Redis books = simulator's truth`, value: r.books.pass ? 'PASS' : 'FAIL', goal: 'PASS', met: r.books.pass, note: r.books.detail },
  ];
}

function summary(all: readonly VenueRun[]): string {
  const head = ['venue', 'markets', 'msg/s', 'streamer CPU %', 'streamer µs/msg', 'baseline CPU %', 'baseline µs/msg', 'streamer ÷ baseline', 'books'];
  return markdownTable(head, all.map((r) => [
    r.venue, String(r.markets), fmt(r.streamer.msgsPerSec, 0), fmt(r.streamer.median), fmt(r.streamer.usPerMsg, 1),
    fmt(r.baseline.median), fmt(r.baseline.usPerMsg, 1), fmt(r.streamer.median / r.baseline.median), r.books.pass ? 'PASS' : 'FAIL',
  ]));
}

export async function benchVenues(env: Env): Promise<SuiteResult> {
  const p = plan(env.quick);
  const rows: Row[] = [];
  const done: VenueRun[] = [];
  for (const { venue } of VENUES) {
    try {
      const r = await benchVenue(env, venue, p);
      done.push(r);
      rows.push(...rowsOf(r, p));
    } catch (err) {
      // One venue failing stops nothing of the others.
      console.error(err);
      rows.push({ section: SECTION, name: `${venue}: run failed`, value: 'ERROR', met: false, note: err instanceof Error ? err.message.split('\n')[0]! : String(err) });
    }
  }
  return { rows, blocks: done.length ? [{ title: 'Per venue (each at its simulator\'s rate, streamer and baseline on the same frames)', markdown: summary(done) }] : [] };
}
