// Staleness since start in fixed buckets, so percentiles over any window can be read off the
// difference of two readings. The per-second reservoir cannot give them: a window's p99 is no
// function of its seconds' p99s (one slow flush sets a second's p99 when it holds 1 % of it).

/** Bucket width: fine enough for a p99 against a goal of interval + 5 ms. */
export const BUCKET_MS = 0.5;
/** Buckets up to 10 s; anything slower goes to one overflow bucket after them. */
export const BUCKETS = 20_000;

/** Since start: counts per bucket (bucket i holds values in (i, i + 1] × BUCKET_MS, 0 and below in the first) and their sum. */
export interface HistogramReading { counts: Float64Array; sum: number }

export interface HistogramWindow {
  count: number;
  /** Upper edges of the buckets holding these ranks, ms; Infinity when past the last bucket, 0 when empty. */
  p50: number;
  p99: number;
  max: number;
}

export class CumulativeHistogram {
  // Float64: counts at 100k a second pass 2^32 in about half a day.
  private readonly counts = new Float64Array(BUCKETS + 1);
  private sum = 0;

  add(ms: number): void {
    const i = Math.ceil(ms / BUCKET_MS) - 1;
    this.counts[i < 0 ? 0 : i < BUCKETS ? i : BUCKETS]!++; // NaN lands in the overflow bucket
    if (ms === ms) this.sum += ms;
  }

  /** A copy (the caller keeps it to diff against a later one). */
  read(): HistogramReading {
    return { counts: this.counts.slice(), sum: this.sum };
  }
}

/**
 * How many values were at or below each bound (ms; multiples of BUCKET_MS are exact), and in
 * all: the cumulative buckets of a Prometheus histogram.
 */
export function countsAtOrBelow(r: HistogramReading, boundsMs: readonly number[]): { atOrBelow: number[]; count: number } {
  const atOrBelow: number[] = [];
  let seen = 0;
  let i = 0;
  for (const b of boundsMs) {
    const end = Math.min(BUCKETS, Math.floor(b / BUCKET_MS)); // buckets whose upper edge is <= b
    for (; i < end; i++) seen += r.counts[i]!;
    atOrBelow.push(seen);
  }
  for (; i <= BUCKETS; i++) seen += r.counts[i]!;
  return { atOrBelow, count: seen };
}

/** Percentiles of what was added between two readings (`from` omitted: since start). */
export function histogramWindow(to: HistogramReading, from?: HistogramReading): HistogramWindow {
  const d = from ? to.counts.map((c, i) => c - from.counts[i]!) : to.counts;
  let count = 0;
  let last = -1;
  for (let i = 0; i < d.length; i++) if (d[i]! > 0) { count += d[i]!; last = i; }
  const edge = (i: number) => (i >= BUCKETS ? Infinity : (i + 1) * BUCKET_MS);
  const at = (q: number): number => {
    const rank = Math.max(1, Math.ceil(q * count));
    let seen = 0;
    for (let i = 0; i < d.length; i++) {
      seen += d[i]!;
      if (seen >= rank) return edge(i);
    }
    return 0;
  };
  if (count === 0) return { count: 0, p50: 0, p99: 0, max: 0 };
  return { count, p50: at(0.5), p99: at(0.99), max: edge(last) };
}
