// One side of the simulator's own book: levels sorted best first in parallel arrays.
// Deliberately not @ob/orderbook: the simulator is the truth the streamer is checked against.
// Sides hold about `levels` entries (≈50), so a splice is cheaper than any tree.

export class Side {
  /** Integer prices in ticks (price × 10^priceDecimals), best first. */
  readonly ticks: number[] = [];
  /** The exact strings sent for each level. */
  readonly prices: string[] = [];
  readonly sizes: string[] = [];

  /** desc: bids (highest first); otherwise asks (lowest first). */
  constructor(readonly desc: boolean) {}

  get length(): number { return this.ticks.length; }

  /** Best tick, or NaN when empty. */
  best(): number { return this.ticks.length > 0 ? this.ticks[0]! : NaN; }

  worst(): number { return this.ticks.length > 0 ? this.ticks[this.ticks.length - 1]! : NaN; }

  /** Index of `tick`, or `-(insertion point) - 1` when absent. */
  find(tick: number): number {
    const t = this.ticks;
    let lo = 0;
    let hi = t.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = t[mid]!;
      if (v === tick) return mid;
      if (this.desc ? v > tick : v < tick) lo = mid + 1;
      else hi = mid - 1;
    }
    return -lo - 1;
  }

  set(tick: number, price: string, size: string): void {
    const i = this.find(tick);
    if (i >= 0) { this.sizes[i] = size; return; }
    const at = -i - 1;
    this.ticks.splice(at, 0, tick);
    this.prices.splice(at, 0, price);
    this.sizes.splice(at, 0, size);
  }

  removeAt(i: number): void {
    this.ticks.splice(i, 1);
    this.prices.splice(i, 1);
    this.sizes.splice(i, 1);
  }

  /** `[[price, size], ...]` best first. */
  levels(): [string, string][] {
    const out: [string, string][] = new Array(this.ticks.length);
    for (let i = 0; i < this.ticks.length; i++) out[i] = [this.prices[i]!, this.sizes[i]!];
    return out;
  }

  /** `{"price":"..","size":".."},...` for a snapshot frame. */
  json(): string {
    let s = '';
    for (let i = 0; i < this.ticks.length; i++) {
      s += `${i === 0 ? '' : ','}{"price":"${this.prices[i]}","size":"${this.sizes[i]}"}`;
    }
    return s;
  }
}
