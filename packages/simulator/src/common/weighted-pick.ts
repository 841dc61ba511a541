// Which market moves next: chosen by weight, so hot markets carry most of the rate, as on real venues.
import type { Rng } from '../rng';

/** A market index chosen by weight; -1 when every weight is 0 (every market quiet). */
export function weightedPicker(weights: readonly number[], rng: Rng): () => number {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => { total += w; cumulative[i] = total; });
  return () => {
    if (total <= 0) return -1;
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
