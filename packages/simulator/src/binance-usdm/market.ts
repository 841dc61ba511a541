// One USD-M market: its true book, its update ids, and its frames (depthUpdate events and the
// REST depth body). Update ids jump (other updates happen between events), so only pu proves
// continuity, as on the venue.
import type { Rng } from '../rng';
import { BookWalk } from '../common/book-walk';
import type { Side } from '../side';
import type { BinanceSpec } from './catalogue';

export interface BinanceTrueBook {
  lastUpdateId: number;
  bids: [string, string][];
  asks: [string, string][];
}

export class BinanceMarket {
  readonly walk: BookWalk;
  private lastU: number;
  private breakNext = false;
  /** A book captured earlier, served instead of the current one (the stale-snapshot fault). */
  captured: string | undefined;

  constructor(readonly spec: BinanceSpec, private readonly rng: Rng, levels: number) {
    this.walk = new BookWalk(spec, rng, levels);
    this.lastU = 1_000_000 + Math.floor(rng() * 1_000_000);
  }

  get lastUpdateId(): number { return this.lastU; }

  /** The next event's pu will not be the previous u; the book still applies it. */
  breakPu(): void { this.breakNext = true; }

  /** Moves the book and returns its depthUpdate event (raw, not wrapped). */
  event(now: number): string {
    this.walk.step();
    const U = this.lastU + 1 + (this.rng() < 0.3 ? 1 + Math.floor(this.rng() * 5) : 0);
    const u = U + Math.floor(this.rng() * 4);
    const pu = this.breakNext ? this.lastU - 1 - Math.floor(this.rng() * 5) : this.lastU;
    this.breakNext = false;
    this.lastU = u;
    const w = this.walk;
    return `{"e":"depthUpdate","E":${now},"T":${now - 1},"s":"${this.spec.symbol}","U":${U},"u":${u},"pu":${pu},` +
      `"b":[${this.changes(w.bids, w.changedBids)}],"a":[${this.changes(w.asks, w.changedAsks)}]}`;
  }

  /** GET /fapi/v1/depth body at the current (or captured) state, `limit` levels a side. */
  depth(limit: number, now: number): string {
    if (this.captured !== undefined) { const c = this.captured; this.captured = undefined; return c; }
    return this.depthNow(limit, now);
  }

  depthNow(limit: number, now: number): string {
    const w = this.walk;
    return `{"lastUpdateId":${this.lastU},"E":${now},"T":${now - 1},"bids":[${this.top(w.bids, limit)}],"asks":[${this.top(w.asks, limit)}]}`;
  }

  trueBook(): BinanceTrueBook {
    return { lastUpdateId: this.lastU, bids: this.walk.bids.levels(), asks: this.walk.asks.levels() };
  }

  private changes(side: Side, ticks: readonly number[]): string {
    let s = '';
    for (let k = 0; k < ticks.length; k++) {
      const t = ticks[k]!;
      s += `${k === 0 ? '' : ','}["${this.walk.priceOf(t)}","${this.walk.sizeAt(side, t) ?? this.walk.zero()}"]`;
    }
    return s;
  }

  private top(side: Side, limit: number): string {
    let s = '';
    const n = Math.min(limit, side.length);
    for (let i = 0; i < n; i++) s += `${i === 0 ? '' : ','}["${side.prices[i]}","${side.sizes[i]}"]`;
    return s;
  }
}
