// Percentiles over one second without unbounded arrays: a fixed reservoir sample.

/** Samples kept per second; beyond it, reservoir sampling keeps a uniform subset. */
export const RESERVOIR_SIZE = 2048;

export class Reservoir {
  private readonly values = new Float64Array(RESERVOIR_SIZE);
  private seen = 0;

  add(v: number): void {
    if (this.seen < RESERVOIR_SIZE) this.values[this.seen] = v;
    else {
      const j = Math.floor(Math.random() * (this.seen + 1));
      if (j < RESERVOIR_SIZE) this.values[j] = v;
    }
    this.seen++;
  }

  /** [p50, p99] of what was added since the last drain (0 when nothing), then empties. */
  drain(): [number, number] {
    const n = Math.min(this.seen, RESERVOIR_SIZE);
    this.seen = 0;
    if (n === 0) return [0, 0];
    const sorted = this.values.subarray(0, n).sort();
    return [sorted[Math.floor((n - 1) * 0.5)]!, sorted[Math.floor((n - 1) * 0.99)]!];
  }
}
