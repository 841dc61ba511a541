// One L2 book per market, indexed by the venue's market id (small integers: an array, no Map
// lookup on the hot path). Applies continuity-checked events from the feed.
import type { BookEvent, MarketInfo } from '@ob/core';
import { IDLE, MarketState } from './market-state';

/** Market ids above this are refused (the venue's ids are small; this bounds the array). */
export const MAX_MARKET_ID = 100_000;

export class BookStore {
  private readonly byId: (MarketState | undefined)[] = [];
  private readonly bySymbol = new Map<string, MarketState>();
  /** Levels the books refused (bad numbers that got past the parser); should stay 0. */
  badLevels = 0;

  /** Adds markets not seen before (waiting for a book since `now`); keeps the books of known ones. */
  setMarkets(list: readonly MarketInfo[], now: number): void {
    for (const info of list) {
      if (!Number.isInteger(info.id) || info.id < 0 || info.id > MAX_MARKET_ID) continue;
      if (this.byId[info.id]) continue;
      const m = MarketState.of(info);
      m.noBookSince = now;
      this.byId[info.id] = m;
      this.bySymbol.set(info.symbol, m);
    }
  }

  get(id: number): MarketState | undefined { return this.byId[id]; }
  bySym(symbol: string): MarketState | undefined { return this.bySymbol.get(symbol); }
  all(): MarketState[] { return [...this.bySymbol.values()]; }

  /** Applies the event; returns the market when its book changed and may be written. */
  apply(ev: BookEvent): MarketState | undefined {
    const m = this.byId[ev.market];
    if (!m) return undefined;
    if (ev.kind === 'snapshot') {
      this.badLevels += m.book.applySnapshot(ev.bids, ev.asks, ev.bidKeys, ev.askKeys);
      m.valid = true;
      m.everValid = true;
      m.noBookSince = 0;
    } else {
      if (!m.valid) return undefined;
      this.badLevels += m.book.applyDelta(ev.bids, ev.asks, ev.bidKeys, ev.askKeys);
    }
    m.seq = ev.seq;
    m.exchangeTs = ev.exchangeTs;
    m.receivedTs = ev.receivedTs;
    m.messages++;
    return m;
  }

  /** Stop trusting this market's book until its next snapshot. */
  invalidate(id: number, now: number): MarketState | undefined {
    const m = this.byId[id];
    if (!m) return undefined;
    if (m.valid) m.noBookSince = now;
    m.valid = false;
    m.state = IDLE;
    return m;
  }
}
