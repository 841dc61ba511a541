// Memory: the streamer's RSS over N minutes at a paced 10k msg/s, and its slope (the goal is
// flat: bounded buffers, no per-message leak). N is --memory-minutes (1 full, 0.2 quick).
import { slope } from '@ob/testkit';
import { fmt, type SuiteResult } from './report';
import type { Row } from './row';
import { sleep, startConsumer, type Env } from './session';

export const MEMORY_RATE = 10_000;
/** "Flat": RSS grows less than this per minute after the warm-up. */
export const GOAL_SLOPE_MB_PER_MIN = 1;
/** The first part of the run is warm-up (JIT, buffers filling) and left out of the slope. */
const WARMUP_FRACTION = 0.25;
const SECTION = 'Memory @ 10k msg/s';

export async function benchMemory(env: Env, minutes: number): Promise<SuiteResult> {
  const totalMs = minutes * 60_000;
  // About 30 samples whatever the length, but not more often than once a second.
  const everyMs = Math.max(1000, Math.round(totalMs / 30));
  const c = await startConsumer(env, 'streamer', { mode: { kind: 'paced', rate: MEMORY_RATE }, settings: { batchIntervalMs: 100 } });
  const t: number[] = [];
  const rss: number[] = [];
  const heap: number[] = [];
  let first;
  let last;
  try {
    first = await c.read();
    for (let at = 0; at <= totalMs; at += everyMs) {
      const r = await c.read();
      t.push((r.at - first.at) / 60_000);
      rss.push(r.rss / 2 ** 20);
      heap.push(r.runner!.heapUsed / 2 ** 20);
      last = r;
      if (at + everyMs <= totalMs) await sleep(everyMs);
    }
  } finally {
    await env.gen.call('pause');
    await c.close();
  }
  const from = Math.floor(t.length * WARMUP_FRACTION);
  const rssSlope = slope(t.slice(from), rss.slice(from));
  const heapSlope = slope(t.slice(from), heap.slice(from));
  const rate = (last!.messages - first.messages) / ((last!.at - first.at) / 1000);
  env.log(`  RSS ${fmt(rss[0]!, 0)} → ${fmt(rss.at(-1)!, 0)} MB, slope ${fmt(rssSlope)} MB/min (heap ${fmt(heapSlope)} MB/min)`);
  const rows: Row[] = [
    { section: SECTION, name: `RSS after ${fmt(minutes, minutes < 1 ? 1 : 0)} min`, value: Math.round(rss.at(-1)!), unit: 'MB',
      note: `${fmt(rss[0]!, 0)} MB at start, max ${fmt(Math.max(...rss), 0)} MB; ${fmt(rate, 0)} msg/s measured; --memory-minutes=${minutes}` },
    { section: SECTION, name: 'RSS slope after warm-up', value: Math.round(rssSlope * 100) / 100, unit: 'MB/min',
      goal: `<= ${GOAL_SLOPE_MB_PER_MIN} (flat)`, met: rssSlope <= GOAL_SLOPE_MB_PER_MIN,
      note: `${t.length} samples, first ${WARMUP_FRACTION * 100} % left out; heap used slope ${fmt(heapSlope)} MB/min${minutes < 5 ? '; a short run: indicative only' : ''}` },
  ];
  return { rows };
}
