// One side of an L2 book: levels sorted by a numeric key, with the exchange's exact price and
// size strings in parallel arrays (numbers to order by, strings to write out).
//
// Keys ascend and the best level sits at the END of the arrays (bids: key = price; asks:
// key = -price). Most updates touch the top of the book, so splices there move few elements,
// and the best level is arrays[length - 1].

/** Stored strings go into JSON verbatim, so refuse any that could need escaping: Number() only
 * tolerates whitespace at the ends, and every other character it accepts is JSON-safe. */
const plain = (s: string) => s.charCodeAt(0) > 32 && s.charCodeAt(s.length - 1) > 32;

/**
 * Number(s), faster for the plain decimals venues send ("83693.9"): with at most 15 digits the
 * digits form an exact integer and 10^k is exact, so one (correctly rounded) division gives
 * exactly what Number(s) gives. Anything else goes to Number(s).
 */
export function toNumber(s: string): number {
  const n = s.length;
  if (n === 0 || n > 15) return +s;
  let m = 0;
  let scale = 1;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      if (dot >= 0) scale *= 10;
    } else if (c === 46 && dot < 0 && i > 0 && i < n - 1) dot = i;
    else return +s;
  }
  return m / scale;
}

export class BookSide {
  private keys: number[] = [];
  private prices: string[] = [];
  private sizes: string[] = [];

  /** +1 for bids (best = highest price), -1 for asks (best = lowest). */
  constructor(private readonly sign: 1 | -1) {}

  get count(): number { return this.keys.length; }

  clear(): void {
    this.keys.length = 0;
    this.prices.length = 0;
    this.sizes.length = 0;
  }

  /** Best price as a number; NaN when empty. */
  bestPrice(): number {
    const n = this.keys.length;
    return n === 0 ? NaN : this.sign * this.keys[n - 1]!;
  }

  /** Exact price string at rank (0 = best), or null. */
  priceAt(rank: number): string | null {
    return this.prices[this.keys.length - 1 - rank] ?? null;
  }

  /** Exact size string at rank (0 = best), or null. */
  sizeAt(rank: number): string | null {
    return this.sizes[this.keys.length - 1 - rank] ?? null;
  }

  /**
   * Sets the size at a price; a zero size ("0", "0.0000", "0e0", "-0") deletes it.
   * Returns false (and changes nothing) for a price that is not a positive finite number
   * or a size that is negative, NaN or infinite.
   */
  set(price: string, size: string): boolean {
    const p = toNumber(price);
    const s = toNumber(size);
    if (!(p > 0 && p < Infinity && s >= 0 && s < Infinity)) return false;
    if (s !== 0 && !(plain(price) && plain(size))) return false;
    const keys = this.keys;
    const key = this.sign * p;
    const n = keys.length;
    // First index whose key >= key (binary search; no early exit keeps the loop branch-light).
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    const prices = this.prices;
    const sizes = this.sizes;
    if (lo < n && keys[lo] === key) {
      if (s === 0) {
        // Shift the better levels down by one (plain loops: splice allocates its result array).
        for (let j = lo + 1; j < n; j++) {
          keys[j - 1] = keys[j]!;
          prices[j - 1] = prices[j]!;
          sizes[j - 1] = sizes[j]!;
        }
        keys.length = prices.length = sizes.length = n - 1;
      } else {
        prices[lo] = price;
        sizes[lo] = size;
      }
    } else if (s !== 0) {
      keys.push(key);
      prices.push(price);
      sizes.push(size);
      for (let j = n; j > lo; j--) {
        keys[j] = keys[j - 1]!;
        prices[j] = prices[j - 1]!;
        sizes[j] = sizes[j - 1]!;
      }
      keys[lo] = key;
      prices[lo] = price;
      sizes[lo] = size;
    }
    return true;
  }

  /** Applies flat `[price, size, ...]` levels in order; returns how many were ignored. */
  apply(flat: readonly string[]): number {
    let ignored = 0;
    for (let i = 0; i + 1 < flat.length; i += 2) {
      if (!this.set(flat[i]!, flat[i + 1]!)) ignored++;
    }
    return ignored;
  }

  /**
   * Replaces the side with these levels (same meaning as clear + apply). Venues send them
   * best-first, which is our storage order reversed, so the common case is one pass of pushes;
   * anything else (unsorted, duplicate prices) takes a sort.
   */
  load(flat: readonly string[]): number {
    this.clear();
    const keys = this.keys;
    let ignored = 0;
    let last = -Infinity;
    for (let i = flat.length - 2 - (flat.length & 1); i >= 0; i -= 2) {
      const price = flat[i]!;
      const size = flat[i + 1]!;
      const p = toNumber(price);
      const s = toNumber(size);
      if (!(p > 0 && p < Infinity && s >= 0 && s < Infinity)) { ignored++; continue; }
      if (s !== 0 && !(plain(price) && plain(size))) { ignored++; continue; }
      const key = this.sign * p;
      // Zero sizes take part in the order check so a duplicate "delete" is never skipped silently.
      if (!(key > last)) return this.loadUnsorted(flat);
      last = key;
      if (s !== 0) { keys.push(key); this.prices.push(price); this.sizes.push(size); }
    }
    return ignored;
  }

  private loadUnsorted(flat: readonly string[]): number {
    this.clear();
    return this.apply(flat);
  }

  /** The best `depth` levels as tuples, best first. */
  top(depth: number): [string, string][] {
    const n = this.keys.length;
    const end = Math.max(0, n - Math.max(0, depth));
    const out: [string, string][] = [];
    for (let i = n - 1; i >= end; i--) out.push([this.prices[i]!, this.sizes[i]!]);
    return out;
  }

  /** The best `depth` levels as JSON text `[["price","size"],...]`, best first, no tuples built. */
  writeJson(depth: number): string {
    const n = this.keys.length;
    const end = Math.max(0, n - Math.max(0, depth));
    if (end >= n) return '[]';
    let out = '[["' + this.prices[n - 1]! + '","' + this.sizes[n - 1]! + '"]';
    for (let i = n - 2; i >= end; i--) out += ',["' + this.prices[i]! + '","' + this.sizes[i]! + '"]';
    return out + ']';
  }
}
