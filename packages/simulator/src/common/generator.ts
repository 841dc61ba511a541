// The update clock of a simulated venue: every tick, the updates due since the last one
// (`rate` × elapsed) are handed to `emit`. Nothing is owed for a stall beyond MAX_CATCHUP_MS, nor
// while paused or while `idle()` (nobody subscribed), so a test's pause is a clean stop.
import { performance } from 'node:perf_hooks';
import type { Rng } from '../rng';

export const GENERATOR_TICK_MS = 50;
const MAX_CATCHUP_MS = 250;

export function createGenerator(opts: { rate: number; idle: () => boolean; emit: (n: number, now: number) => void }) {
  let rate = opts.rate;
  let paused = false;
  let carry = 0;
  let last = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const now = performance.now();
    const elapsed = Math.min(now - last, MAX_CATCHUP_MS);
    last = now;
    if (paused || opts.idle()) { carry = 0; return; }
    carry += (rate * elapsed) / 1000;
    const n = Math.floor(carry);
    carry -= n;
    opts.emit(n, now);
  };
  return {
    start() { last = performance.now(); timer ??= setInterval(tick, GENERATOR_TICK_MS); },
    stop() { clearInterval(timer); timer = undefined; },
    setRate(r: number) { rate = r; },
    pause() { paused = true; },
    resume() { paused = false; },
  };
}

/** A market index chosen by weight (hot markets most often). */
export function createWeightedPick(weights: readonly number[], rng: Rng): () => number {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => { total += Math.max(w, 0.01); cumulative[i] = total; });
  return () => {
    const x = rng() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (cumulative[mid]! > x) hi = mid; else lo = mid + 1; }
    return lo;
  };
}
