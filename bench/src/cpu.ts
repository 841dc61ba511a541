// CPU at the seed's load: 1,000 msg/s over 45 markets, 100 ms batches. The streamer's process
// CPU (user + system, % of one core) over the window, and the baseline consumer's at the same load.
// Frames come as the venue sends them, a batch every 50 ms; a second, shorter pair of windows
// sends them one at a time (a frame every 1 ms, one socket read each), because wake-ups, not
// frames, dominate CPU at this rate.
import { PACE_TICK_MS, type Mode } from './generator-api';
import { fmt, type SuiteResult } from './report';
import type { Row } from './row';
import { measure, sleep, startConsumer, type Env, type Window } from './session';

export const SEED_RATE = 1_000;
export const GOAL_CPU_PCT = 2;
/** The sensitivity run's spacing of frames: one frame per tick at 1,000 msg/s. */
const FINE_TICK_MS = 1;
/** Its warm-up: half the main pair's, to keep the bench to minutes (10 s left the JIT at work). */
const FINE_WARM_S = 30;
const FINE_SECONDS = 20;
const SECTION = 'CPU at seed load';

async function one(env: Env, kind: 'streamer' | 'baseline', mode: Mode, seconds: number, warmS: number): Promise<Window> {
  const c = await startConsumer(env, kind, { mode, settings: { batchIntervalMs: 100 } });
  try {
    await sleep(warmS * 1000);
    const w = await measure(env, c, seconds, Math.ceil(seconds));
    env.log(`  ${kind} (${'tickMs' in mode ? mode.tickMs : ''} ms spacing): ${fmt(w.cpuPct)} % CPU at ${fmt(w.msgsPerSec, 0)} msg/s`);
    return w;
  } finally {
    await env.gen.call('pause');
    await c.close();
  }
}

const pct = (x: number) => Math.round(x * 100) / 100;

export async function benchCpu(env: Env): Promise<SuiteResult> {
  const seconds = env.quick ? 3 : 60;
  // At 1,000 msg/s the JIT needs tens of seconds to tier every path up (TurboFan jobs still ran
  // 15 s in: a fifth of the CPU), and a streamer runs for weeks: measure the steady state.
  const warmS = env.quick ? 0.5 : 60;
  const venue = { kind: 'paced', rate: SEED_RATE, tickMs: PACE_TICK_MS } as const;
  const fine = { kind: 'paced', rate: SEED_RATE, tickMs: FINE_TICK_MS } as const;

  const sw = await one(env, 'streamer', venue, seconds, warmS);
  const bw = await one(env, 'baseline', venue, seconds, warmS);
  // The sensitivity pair only in a full run: the quick one must stay well under a minute.
  const sf = env.quick ? undefined : await one(env, 'streamer', fine, FINE_SECONDS, FINE_WARM_S);
  const bf = env.quick ? undefined : await one(env, 'baseline', fine, FINE_SECONDS, FINE_WARM_S);

  const rows: Row[] = [
    { section: SECTION, name: `streamer CPU (1,000 msg/s in ${PACE_TICK_MS} ms batches, 45 markets, 100 ms flushes)`, value: pct(sw.cpuPct), unit: '%',
      goal: `<= ${GOAL_CPU_PCT}`, met: sw.cpuPct <= GOAL_CPU_PCT,
      note: `${seconds} s window, ${fmt(sw.msgsPerSec, 0)} msg/s measured; RSS ${fmt(sw.b.rss / 2 ** 20, 0)} MB` },
    { section: SECTION, name: 'baseline CPU (ws + JSON.parse only), same load', value: pct(bw.cpuPct), unit: '%', note: `${fmt(bw.msgsPerSec, 0)} msg/s measured` },
    { section: SECTION, name: 'streamer ÷ baseline CPU', value: pct(sw.cpuPct / bw.cpuPct), unit: 'x', note: 'lower is better' },
  ];
  if (sf && bf) {
    rows.push({ section: SECTION, name: `streamer CPU, frames every ${FINE_TICK_MS} ms instead`, value: pct(sf.cpuPct), unit: '%',
      note: `baseline ${fmt(bf.cpuPct)} % (ratio ${fmt(sf.cpuPct / bf.cpuPct)}); ${FINE_SECONDS} s windows: ${Math.round(1000 / FINE_TICK_MS)} wake-ups/s instead of ${Math.round(1000 / PACE_TICK_MS)}` });
  }
  return { rows };
}
