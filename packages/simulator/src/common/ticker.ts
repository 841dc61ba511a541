// The update clock of a simulated venue: every tick (tickMs, default 50 ms) the updates due since
// the last one (`rate` × elapsed) are handed to `emit`, so high rates cost one timer, not one per
// update. Nothing is owed for a stall beyond MAX_CATCHUP_MS, nor while paused or inactive (nobody
// subscribed, a silence), so a test's pause is a clean stop.
import { performance } from 'node:perf_hooks';

export const DEFAULT_TICK_MS = 50;
const MAX_CATCHUP_MS = 250;

export interface TickerOptions {
  rate: number;
  tickMs?: number;
  /** False skips the tick and forgets the fraction carried over (nobody listens, a silence). */
  active(): boolean;
  /** `n` updates are due; called on every active tick, n = 0 too (a venue's cadence may publish then).
   * `now` is performance.now(). */
  emit(n: number, now: number): void;
}

export interface Ticker {
  start(): void;
  stop(): void;
  setRate(rate: number): void;
  pause(): void;
  resume(): void;
}

export function createTicker(o: TickerOptions): Ticker {
  let rate = o.rate;
  let paused = false;
  let carry = 0;
  let last = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const now = performance.now();
    const elapsed = Math.min(now - last, MAX_CATCHUP_MS);
    last = now;
    if (paused || !o.active()) { carry = 0; return; }
    carry += (rate * elapsed) / 1000;
    const n = Math.floor(carry);
    carry -= n;
    o.emit(n, now);
  };
  return {
    start() { last = performance.now(); timer ??= setInterval(tick, o.tickMs ?? DEFAULT_TICK_MS); },
    stop() { clearInterval(timer); timer = undefined; },
    setRate(r) { rate = r; },
    pause() { paused = true; },
    resume() { paused = false; },
  };
}
