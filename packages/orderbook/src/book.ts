// An L2 order book for one market: applies the flat level arrays of BookEvent, answers best
// bid/ask and the top N levels with the exchange's exact decimal strings.
import { BookSide } from './side';

export type SideName = 'bids' | 'asks';

export interface TopOfBook {
  /** Descending by price. */
  bids: [string, string][];
  /** Ascending by price. */
  asks: [string, string][];
}

export class OrderBook {
  readonly bids = new BookSide(1);
  readonly asks = new BookSide(-1);

  /**
   * Replaces the whole book. Returns how many levels were ignored (bad price or size).
   * The optional keys are BookEvent's bidKeys/askKeys: given, the strings are not converted.
   */
  applySnapshot(bids: readonly string[], asks: readonly string[], bidKeys?: readonly number[], askKeys?: readonly number[]): number {
    return this.bids.load(bids, bidKeys) + this.asks.load(asks, askKeys);
  }

  /** Each level replaces the size at its price; a zero size deletes it. Returns levels ignored. */
  applyDelta(bids: readonly string[], asks: readonly string[], bidKeys?: readonly number[], askKeys?: readonly number[]): number {
    return this.bids.apply(bids, bidKeys) + this.asks.apply(asks, askKeys);
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }

  get bidCount(): number { return this.bids.count; }
  get askCount(): number { return this.asks.count; }

  /** NaN when there is no bid. */
  bestBid(): number { return this.bids.bestPrice(); }
  /** NaN when there is no ask. */
  bestAsk(): number { return this.asks.bestPrice(); }
  bestBidStr(): string | null { return this.bids.priceAt(0); }
  bestAskStr(): string | null { return this.asks.priceAt(0); }

  top(depth: number): TopOfBook {
    return { bids: this.bids.top(depth), asks: this.asks.top(depth) };
  }

  /** `[["price","size"],...]` for one side cut at depth, best first: the snapshot's JSON, no tuples built. */
  writeLevelsJson(side: SideName, depth: number): string {
    return (side === 'bids' ? this.bids : this.asks).writeJson(depth);
  }

  /** writeLevelsJson() as UTF-8 into `out` at `off`: the end offset, or -1 when `out` is too short (BookSide.writeJsonBytes). */
  writeLevelsBytes(side: SideName, depth: number, out: Uint8Array, off: number): number {
    return (side === 'bids' ? this.bids : this.asks).writeJsonBytes(depth, out, off);
  }
}

export const createOrderBook = (): OrderBook => new OrderBook();
