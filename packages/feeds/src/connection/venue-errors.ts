// Venue error frames tallied by code and by market, for the operator (/api/feed, /metrics).
// Bounded: codes and markets come from outside, so past the caps the rest is folded into "other".

export const MAX_ERROR_CODES = 64;
export const MAX_ERROR_MARKETS_PER_CODE = 256;
const OTHER = 'other';

export interface VenueErrorTally {
  code: string;
  count: number;
  /** Errors naming a market, by market id. */
  markets: Map<number, number>;
  lastMessage: string;
}

export function createVenueErrors() {
  const byCode = new Map<string, VenueErrorTally>();
  return {
    add(code: string, message: string, market?: number): void {
      let key = code.slice(0, 32);
      if (!byCode.has(key) && byCode.size >= MAX_ERROR_CODES) key = OTHER;
      let t = byCode.get(key);
      if (!t) { t = { code: key, count: 0, markets: new Map(), lastMessage: '' }; byCode.set(key, t); }
      t.count++;
      t.lastMessage = message.slice(0, 200);
      if (market !== undefined && (t.markets.has(market) || t.markets.size < MAX_ERROR_MARKETS_PER_CODE)) {
        t.markets.set(market, (t.markets.get(market) ?? 0) + 1);
      }
    },
    list(): VenueErrorTally[] { return [...byCode.values()]; },
    total(): number { let n = 0; for (const t of byCode.values()) n += t.count; return n; },
  };
}
export type VenueErrors = ReturnType<typeof createVenueErrors>;
