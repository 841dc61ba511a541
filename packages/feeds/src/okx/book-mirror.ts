// The tracker's own copy of each OKX book, kept only to verify the venue's checksum (feeds may
// not use @ob/orderbook, and the engine's books are out of reach here). Levels sorted best first
// in parallel arrays; a 400-level side takes a splice cheaper than any tree.

export class MirrorSide {
  /** Number(price), best first (bids descending, asks ascending). */
  readonly keys: number[] = [];
  /** The venue's exact strings: the checksum is over them, never over reformatted numbers. */
  readonly prices: string[] = [];
  readonly sizes: string[] = [];

  constructor(readonly desc: boolean) {}

  get length(): number { return this.keys.length; }

  clear(): void {
    this.keys.length = 0;
    this.prices.length = 0;
    this.sizes.length = 0;
  }

  /** Index of `key`, or `-(insertion point) - 1`. */
  find(key: number): number {
    const k = this.keys;
    let lo = 0;
    let hi = k.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = k[mid]!;
      if (v === key) return mid;
      if (this.desc ? v > key : v < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -lo - 1;
  }

  /**
   * Applies flat `[price, size, ...]` levels with BookEvent's keys (Number(price), negated for a
   * zero size): a size replaces, a zero size deletes.
   */
  apply(flat: readonly string[], keys: readonly number[] | undefined): void {
    for (let i = 0; i < flat.length >>> 1; i++) {
      const price = flat[2 * i]!;
      const size = flat[2 * i + 1]!;
      const signed = keys?.[i] ?? (Number(size) === 0 ? -Number(price) : Number(price));
      const key = Math.abs(signed);
      const at = this.find(key);
      if (signed < 0) {
        if (at >= 0) { this.keys.splice(at, 1); this.prices.splice(at, 1); this.sizes.splice(at, 1); }
      } else if (at >= 0) {
        this.prices[at] = price;
        this.sizes[at] = size;
      } else {
        const ins = -at - 1;
        this.keys.splice(ins, 0, key);
        this.prices.splice(ins, 0, price);
        this.sizes.splice(ins, 0, size);
      }
    }
  }
}
