// A FeedSource the test drives by hand: it pushes BookEvents straight into the engine's listener.
import { emptyFeedCounters, type BookEvent, type FeedListener, type FeedSource, type FeedStatus, type InvalidateReason, type MarketInfo } from '@ob/core';

export class FakeFeed implements FeedSource {
  readonly venue: string;
  readonly url = 'fake://feed';
  listener: FeedListener | undefined;
  readonly c = emptyFeedCounters();
  readonly setMarketsCalls: string[][] = [];
  private state: FeedStatus = 'idle';
  private seqs = new Map<number, number>();

  constructor(private readonly list: MarketInfo[], venue = 'testvenue', private readonly now: () => number = Date.now) {
    this.venue = venue;
  }

  async start(listener: FeedListener): Promise<void> {
    this.listener = listener;
    this.state = 'connected';
    listener.markets(this.list);
  }

  async stop(): Promise<void> {
    this.listener = undefined;
    this.state = 'stopped';
  }

  setMarkets(symbols: readonly string[]): void { this.setMarketsCalls.push([...symbols]); }
  markets(): readonly MarketInfo[] { return this.list; }
  status(): FeedStatus { return this.state; }
  counters() { return { ...this.c }; }

  private push(kind: BookEvent['kind'], market: number, bids: string[], asks: string[], seq?: number): number {
    const prev = this.seqs.get(market) ?? 0;
    const next = seq ?? prev + 1;
    this.seqs.set(market, next);
    this.c.messages++;
    this.c.bookEvents++;
    this.c.bytes += 100;
    const now = this.now();
    this.listener?.event({ kind, market, seq: next, prevSeq: kind === 'snapshot' ? -1 : prev, exchangeTs: now - 1, receivedTs: now, bids, asks });
    return next;
  }

  /** Returns the seq it carried. */
  snapshot(market: number, bids: string[], asks: string[], seq?: number): number {
    return this.push('snapshot', market, bids, asks, seq);
  }

  delta(market: number, bids: string[], asks: string[], seq?: number): number {
    return this.push('delta', market, bids, asks, seq);
  }

  /** A socket read begins (the Lighter feed announces each one). */
  wake(): void { this.listener?.wake?.(); }

  invalidate(market: number, reason: InvalidateReason = 'gap'): void {
    if (reason === 'gap') this.c.gaps++;
    this.listener?.invalidate(market, reason);
  }
}

/** Markets 0..n-1 named M0, M1, ... */
export function marketList(n: number): MarketInfo[] {
  return Array.from({ length: n }, (_, id) => ({ id, symbol: `M${id}` }));
}

/** A small two-sided book around `mid` with `levels` levels per side. */
export function book(mid: number, levels = 3): { bids: string[]; asks: string[] } {
  const bids: string[] = []; const asks: string[] = [];
  for (let i = 0; i < levels; i++) {
    bids.push((mid - 1 - i).toFixed(2), `${i + 1}.5`);
    asks.push((mid + 1 + i).toFixed(2), `${i + 1}.25`);
  }
  return { bids, asks };
}
