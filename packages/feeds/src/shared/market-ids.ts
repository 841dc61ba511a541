// Numeric market ids for venues that name markets only by symbol (Binance BTCUSDT, Bybit, OKX
// BTC-USDT-SWAP). An id, once given, stays with its symbol for the life of the registry (a
// delisted and relisted symbol gets its old id back), so books and counters keyed by id never
// mix two markets. Ids are dense from 0, so per-market state can live in plain arrays.

/** More distinct symbols than this over a process's life is not a market list; refuse the rest. */
export const MAX_ASSIGNED_IDS = 100_000;
/** Ids index the flat per-market arrays of tracker-state.ts (Hyperliquid, Bybit), so they stay this small. */
export const MAX_MARKET_ID = 4095;

export interface MarketIds {
  /** The symbol's id, assigning the next one on first sight; -1 once the registry is full. */
  assign(symbol: string): number;
  /** The symbol's id, or -1 when it has none. */
  find(symbol: string): number;
  symbolOf(id: number): string | undefined;
  readonly size: number;
}

export function createMarketIds(max = MAX_ASSIGNED_IDS): MarketIds {
  const ids = new Map<string, number>();
  const symbols: string[] = [];
  return {
    assign(symbol) {
      const known = ids.get(symbol);
      if (known !== undefined) return known;
      if (symbols.length >= max) return -1;
      const id = symbols.length;
      ids.set(symbol, id);
      symbols.push(symbol);
      return id;
    },
    find: (symbol) => ids.get(symbol) ?? -1,
    symbolOf: (id) => symbols[id],
    get size() { return symbols.length; },
  };
}

export interface NamedEntry { entry: unknown; index: number; name: string }

/**
 * A listing's entries in name order (`field` of each object; '' when missing), so new symbols
 * get ids in the same order whatever order the venue lists them in.
 */
export function inNameOrder(list: readonly unknown[], field: string): NamedEntry[] {
  return list
    .map((entry, index) => {
      const v = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[field] : undefined;
      return { entry, index, name: typeof v === 'string' ? v : '' };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
