// Market ids for venues that have none of their own (Bybit, Binance, OKX name markets only by
// symbol): one small integer per symbol, assigned on first sight and kept for the life of the
// process, so a refreshed market list never renumbers a market the engine already holds.

/** Ids index per-market arrays (trackers, book stores), so they stay small. */
export const MAX_MARKET_ID = 4095;

export interface SymbolIds {
  /** The symbol's id, assigning the next free one when new; -1 once every id is taken. */
  idOf(symbol: string): number;
  /** The id of a symbol already seen, else -1 (what parsers use: they never assign). */
  lookup(symbol: string): number;
  size(): number;
}

export function createSymbolIds(max = MAX_MARKET_ID): SymbolIds {
  const ids = new Map<string, number>();
  return {
    idOf(symbol) {
      let id = ids.get(symbol);
      if (id === undefined) {
        if (ids.size > max) return -1;
        id = ids.size;
        ids.set(symbol, id);
      }
      return id;
    },
    lookup: (symbol) => ids.get(symbol) ?? -1,
    size: () => ids.size,
  };
}
