// The simulated venue's market list: Lighter's ids and symbols, plausible prices and decimals,
// and a hot/cold mix (a few markets carry most of the traffic, as on the real venue).

export interface MarketSpec {
  id: number;
  symbol: string;
  /** Starting mid price; the walk reverts towards it. */
  price: number;
  priceDecimals: number;
  sizeDecimals: number;
  /** Share of the total message rate, relative to the other markets. */
  weight: number;
  status: 'active' | 'inactive';
}

type Row = [symbol: string, price: number, priceDecimals: number, sizeDecimals: number, weight: number];

/** Index = market id, as on Lighter (0 ETH, 1 BTC, 2 SOL, 21 FARTCOIN, 24 HYPE, ...). */
const ROWS: Row[] = [
  ['ETH', 3000, 2, 4, 20], ['BTC', 90000, 1, 5, 20], ['SOL', 140, 3, 3, 8], ['DOGE', 0.16, 6, 0, 1],
  ['1000PEPE', 0.007, 6, 0, 0.8], ['WIF', 0.5, 5, 1, 0.6], ['WLD', 0.6, 5, 1, 0.5], ['XRP', 2.2, 5, 0, 1.2],
  ['LINK', 13, 4, 1, 0.8], ['AVAX', 14, 4, 2, 0.6], ['NEAR', 1.8, 5, 1, 0.5], ['DOT', 2.3, 5, 1, 0.5],
  ['TON', 1.6, 5, 1, 0.4], ['TAO', 280, 3, 3, 0.6], ['POL', 0.12, 6, 0, 0.3], ['TRUMP', 6, 4, 2, 0.6],
  ['SUI', 1.7, 5, 1, 0.8], ['1000SHIB', 0.009, 6, 0, 0.4], ['1000BONK', 0.01, 6, 0, 0.4], ['1000FLOKI', 0.05, 6, 0, 0.3],
  ['BERA', 1.1, 5, 1, 0.4], ['FARTCOIN', 0.95, 5, 1, 8], ['AI16Z', 0.12, 5, 1, 0.4], ['POPCAT', 0.12, 5, 1, 0.4],
  ['HYPE', 38, 4, 2, 10], ['BNB', 900, 2, 3, 0.8], ['JUP', 0.25, 5, 1, 0.4], ['AAVE', 170, 3, 3, 0.6],
  ['MKR', 1500, 2, 4, 0.3], ['ENA', 0.28, 5, 1, 0.8], ['UNI', 6, 4, 2, 0.5], ['APT', 2.2, 5, 1, 0.4],
  ['SEI', 0.14, 5, 1, 0.4], ['KAITO', 0.6, 5, 1, 0.4], ['IP', 3, 5, 1, 0.3], ['LTC', 85, 3, 3, 0.5],
  ['CRV', 0.4, 5, 1, 0.4], ['PENDLE', 2.5, 5, 1, 0.4], ['ONDO', 0.5, 5, 1, 0.4], ['ADA', 0.45, 5, 1, 0.6],
  ['S', 0.13, 5, 1, 0.3], ['VIRTUAL', 0.9, 5, 1, 0.5], ['SPX', 0.6, 5, 1, 0.4], ['TRX', 0.28, 5, 1, 0.3],
  ['SYRUP', 0.4, 5, 1, 0.3],
];

/** Delisted markets listed after the active ones, so a client's "active only" filter is exercised. */
const INACTIVE_SYMBOLS = ['XMR', 'MATIC'];

export const DEFAULT_MARKETS = ROWS.length; // 45
/** Market ids index arrays in clients (the Lighter adapter refuses ids above 4095). */
export const MAX_MARKETS = 1000;

/**
 * `count` active markets (beyond the 45 real ones: synthetic SIM<id> markets), then one active
 * market per `extraSymbols` name (a venue may list any symbol: tests list hostile ones such as
 * `__proto__`), then two inactive ones.
 */
export function marketCatalogue(count: number = DEFAULT_MARKETS, extraSymbols: readonly string[] = []): MarketSpec[] {
  if (!Number.isInteger(count) || count < 1 || count + extraSymbols.length > MAX_MARKETS) {
    throw new RangeError(`markets must be an integer in 1..${MAX_MARKETS - extraSymbols.length}, got ${count}`);
  }
  const out: MarketSpec[] = [];
  for (let id = 0; id < count; id++) {
    const row = ROWS[id];
    out.push(row
      ? { id, symbol: row[0], price: row[1], priceDecimals: row[2], sizeDecimals: row[3], weight: row[4], status: 'active' }
      : { id, symbol: `SIM${id}`, price: 10, priceDecimals: 4, sizeDecimals: 2, weight: 0.3, status: 'active' });
  }
  extraSymbols.forEach((symbol, i) => {
    out.push({ id: count + i, symbol, price: 10, priceDecimals: 4, sizeDecimals: 2, weight: 0.3, status: 'active' });
  });
  const actives = out.length;
  INACTIVE_SYMBOLS.forEach((symbol, i) => {
    out.push({ id: actives + i, symbol, price: 1, priceDecimals: 4, sizeDecimals: 2, weight: 0, status: 'inactive' });
  });
  return out;
}

/** The REST body of GET /api/v1/orderBooks, shaped like Lighter's. */
export function orderBooksBody(specs: readonly MarketSpec[]): string {
  return JSON.stringify({
    code: 200,
    order_books: specs.map((m) => ({
      symbol: m.symbol,
      market_id: m.id,
      market_type: 'perp',
      status: m.status,
      taker_fee: '0.0000',
      maker_fee: '0.0000',
      liquidation_fee: '1.0000',
      min_base_amount: (10 ** -m.sizeDecimals).toFixed(m.sizeDecimals),
      min_quote_amount: '10.000000',
      order_quote_limit: '',
      supported_size_decimals: m.sizeDecimals,
      supported_price_decimals: m.priceDecimals,
      supported_quote_decimals: 6,
    })),
  });
}
