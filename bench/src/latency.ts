// Latency under load: staleness (first change of a market → Redis ack of its write) of every
// write in the window, and event-loop lag, at a paced 100k msg/s with 100 ms and 10 ms batch
// intervals (changed live). The streamer's per-second p99s are shown beside them.
import type { StatsSample } from '@ob/protocol';
import type { LatencyWindow } from './consumer-stats';
import { fmt, type SuiteResult } from './report';
import type { Row } from './row';
import { measure, percentile, sleep, startConsumer, type Env } from './session';

export const LATENCY_RATE = 100_000;
export const LATENCY_INTERVALS_MS = [100, 10] as const;
/** 500 frames every 5 ms: steady, so staleness reflects the batcher rather than the sender's bursts. */
export const LATENCY_TICK_MS = 5;
/** Goal: staleness p99 <= interval + this. */
export const GOAL_STALENESS_SLACK_MS = 5;
export const GOAL_LOOP_LAG_MS = 5;
const SECTION = 'Latency @ 100k msg/s';

export interface SampleSummary { median: number; worst: number }
export const summarize = (xs: number[]): SampleSummary => ({ median: percentile(xs, 50), worst: xs.length ? Math.max(...xs) : NaN });

/** The samples of the last `seconds` seconds that saw traffic. */
export const windowSamples = (history: readonly StatsSample[], seconds: number) =>
  history.slice(-Math.floor(seconds)).filter((x) => x.messages > 0);

export async function benchLatency(env: Env): Promise<SuiteResult> {
  const seconds = env.quick ? 2 : 10;
  const warmS = env.quick ? 0.5 : 3;
  const rows: Row[] = [];
  const c = await startConsumer(env, 'streamer', { mode: { kind: 'paced', rate: LATENCY_RATE, tickMs: LATENCY_TICK_MS }, settings: { batchIntervalMs: LATENCY_INTERVALS_MS[0] } });
  try {
    for (const interval of LATENCY_INTERVALS_MS) {
      await c.child.call('configure', { batchIntervalMs: interval });
      await sleep(warmS * 1000);
      await c.child.call('windowStart');
      const w = await measure(env, c, seconds, Math.ceil(seconds) + 1);
      const { loopLag: lag, staleness } = await c.child.call<LatencyWindow>('windowStop');
      const samples = windowSamples(w.b.runner!.stats.history, seconds);
      const secondP99 = summarize(samples.map((x) => x.stalenessP99));
      const reportedLag = summarize(samples.map((x) => x.loopLagP99));
      const goal = interval + GOAL_STALENESS_SLACK_MS;
      const behind = w.genB.unsent - w.genA.unsent;
      const load = `${fmt(w.msgsPerSec, 0)} msg/s received${behind > 0 ? ` (the generator dropped ${fmt(behind / w.seconds, 0)} msg/s from its schedule: the streamer fell behind)` : ''}, ${fmt(w.cpuPct, 0)} % CPU`;
      env.log(`  ${interval} ms: staleness p50 ${fmt(staleness.p50)} p99 ${fmt(staleness.p99)} max ${fmt(staleness.max)} ms over ${fmt(staleness.count, 0)} writes `
        + `(per-second p99: median ${fmt(secondP99.median)}, worst ${fmt(secondP99.worst)}), lag p99 ${fmt(lag.p99)} ms; ${load}`);
      rows.push(
        { section: SECTION, name: `staleness p50 @ ${interval} ms batches`, value: round(staleness.p50), unit: 'ms', note: load },
        { section: SECTION, name: `staleness p99 @ ${interval} ms batches`, value: round(staleness.p99), unit: 'ms',
          goal: `<= ${goal}`, met: staleness.p99 <= goal, note: `${fmt(staleness.count, 0)} writes in ${seconds} s; max ${fmt(staleness.max)} ms` },
        { section: SECTION, name: `staleness p99 @ ${interval} ms batches, worst second`, value: round(secondP99.worst), unit: 'ms',
          note: `median second ${fmt(secondP99.median)} ms, ${samples.length} one-second samples; no goal: one late flush sets it` },
        { section: SECTION, name: `event-loop lag p99 @ ${interval} ms batches`, value: round(lag.p99), unit: 'ms',
          goal: `<= ${GOAL_LOOP_LAG_MS}`, met: lag.p99 <= GOAL_LOOP_LAG_MS,
          note: `over the window, max ${fmt(lag.max)} ms; the streamer's own stats say p99 ${fmt(reportedLag.median)} ms (median second)` },
      );
    }
  } finally {
    await env.gen.call('pause');
    await c.close();
  }
  return { rows };
}

const round = (x: number) => Math.round(x * 100) / 100;
