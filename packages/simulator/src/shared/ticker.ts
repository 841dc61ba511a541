// The generators' clock: every `batchMs` it asks for the frames due since the last tick
// (`rate` × elapsed), so high rates cost one timer, not one per frame. After a stall at most
// MAX_CATCHUP_MS of backlog is generated: the rest is dropped, not owed.
import { performance } from 'node:perf_hooks';

const MAX_CATCHUP_MS = 250;

export class RateTicker {
  private carry = 0;
  private last = performance.now();
  private timer: NodeJS.Timeout | undefined;

  /** `emit(n)` generates n frames; `active()` false skips the tick (nobody listens, paused). */
  constructor(private rate: number, private readonly batchMs: number, private readonly emit: (n: number) => void,
    private readonly active: () => boolean) {}

  start(): void {
    this.last = performance.now();
    this.timer ??= setInterval(() => this.tick(), this.batchMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  setRate(rate: number): void { this.rate = rate; }

  private tick(): void {
    const now = performance.now();
    const elapsed = now - this.last;
    this.last = now;
    if (!this.active()) { this.carry = 0; return; }
    this.carry += (this.rate * Math.min(elapsed, MAX_CATCHUP_MS)) / 1000;
    const n = Math.floor(this.carry);
    this.carry -= n;
    if (n > 0) this.emit(n);
  }
}

/** Weighted choice of a market index: hot markets carry most of the rate, as on real venues. */
export function weightedPicker(weights: readonly number[], rng: () => number): () => number {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => { total += w; cumulative[i] = total; });
  return () => {
    const x = rng() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
