// The simulated Hyperliquid perp universe: real coin names, plausible prices and szDecimals,
// a hot/cold mix, and delisted coins kept in place (the venue never reorders `universe`, so a
// coin's index is its asset id).

export interface CoinSpec {
  /** Asset id: the index in `universe`. */
  id: number;
  name: string;
  price: number;
  szDecimals: number;
  /** Share of the update rate relative to the other coins. */
  weight: number;
  delisted: boolean;
}

type Row = [name: string, price: number, szDecimals: number, weight: number, delisted?: boolean];

const ROWS: Row[] = [
  ['BTC', 90000, 5, 20], ['ETH', 3000, 4, 18], ['ATOM', 4.5, 2, 0.5], ['MATIC', 0.4, 1, 0, true],
  ['DYDX', 0.6, 1, 0.5], ['SOL', 140, 2, 10], ['AVAX', 14, 2, 1], ['BNB', 900, 3, 1],
  ['APE', 0.6, 1, 0.3], ['OP', 0.7, 1, 0.6], ['LTC', 85, 2, 0.8], ['ARB', 0.35, 1, 0.8],
  ['DOGE', 0.16, 0, 2], ['INJ', 12, 1, 0.5], ['SUI', 1.7, 1, 1.5], ['kPEPE', 0.007, 0, 2],
  ['CRV', 0.4, 1, 0.4], ['LDO', 0.8, 1, 0.4], ['LINK', 13, 1, 1], ['STX', 0.6, 1, 0.3],
  ['RNDR', 3, 1, 0, true], ['CFX', 0.1, 0, 0.2], ['FTM', 0.5, 0, 0, true], ['GMX', 14, 2, 0.2],
  ['SNX', 0.7, 1, 0.3], ['XRP', 2.2, 0, 2], ['BCH', 450, 3, 0.4], ['APT', 2.2, 2, 0.5],
  ['HYPE', 38, 2, 12], ['FARTCOIN', 0.95, 1, 3], ['TRUMP', 6, 1, 1], ['WIF', 0.5, 0, 1],
];

export const DEFAULT_COINS = ROWS.filter((r) => !r[4]).length;
/** Ids index per-market arrays in clients; the adapter refuses ids above 4095. */
export const MAX_COINS = 4000;

/** `count` listed coins (beyond the real ones: synthetic SIM<id>), delisted ones in their places. */
export function coinCatalogue(count: number = DEFAULT_COINS): CoinSpec[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_COINS) {
    throw new RangeError(`markets must be an integer in 1..${MAX_COINS}, got ${count}`);
  }
  const out: CoinSpec[] = [];
  let listed = 0;
  for (let id = 0; listed < count; id++) {
    const row = ROWS[id];
    const spec: CoinSpec = row
      ? { id, name: row[0], price: row[1], szDecimals: row[2], weight: row[3], delisted: row[4] === true }
      : { id, name: `SIM${id}`, price: 10, szDecimals: 2, weight: 0.3, delisted: false };
    out.push(spec);
    if (!spec.delisted) listed++;
  }
  return out;
}

/** POST /info {"type":"meta"}: shaped like the venue's (fields the adapter ignores included). */
export function metaBody(coins: readonly CoinSpec[]): string {
  return JSON.stringify({
    universe: coins.map((c) => ({
      szDecimals: c.szDecimals, name: c.name, maxLeverage: c.price > 1000 ? 40 : 10, marginTableId: 50,
      ...(c.delisted ? { isDelisted: true } : {}),
    })),
    marginTables: [[50, { description: '', marginTiers: [{ lowerBound: '0.0', maxLeverage: 50 }] }]],
    collateralToken: 0,
  });
}
