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
  /** Default perp. */
  kind?: 'perp' | 'spot';
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
/** Markets of one kind the simulator lists at most (the venue has no such cap; this bounds memory). */
export const MAX_MARKETS = 10_000;
/** Lighter's spot market ids start about here. */
export const SPOT_ID_BASE = 2048;

export interface CatalogueOptions {
  /** Spot markets (`S<id>/USDC`), ids from spotIdBase. Default 0. */
  spot?: number;
  spotIdBase?: number;
  /** Ids of the synthetic perps beyond the 45 real ones start here (default right after them). */
  perpIdBase?: number;
  /** The last this many active markets send no updates at all (a quiet market). Default 0. */
  quiet?: number;
}

/**
 * `count` active perps (beyond the 45 real ones: synthetic SIM<id> markets), `spot` active spot
 * markets, then two inactive perps.
 */
export function marketCatalogue(count: number = DEFAULT_MARKETS, o: CatalogueOptions = {}): MarketSpec[] {
  const check = (name: string, v: number, min: number, max: number) => {
    if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${name} must be an integer in ${min}..${max}, got ${v}`);
  };
  const spot = o.spot ?? 0;
  check('markets', count, spot > 0 ? 0 : 1, MAX_MARKETS);
  check('spot', spot, 0, MAX_MARKETS);
  const perpBase = o.perpIdBase ?? DEFAULT_MARKETS;
  const spotBase = o.spotIdBase ?? SPOT_ID_BASE;
  check('perpIdBase', perpBase, DEFAULT_MARKETS, 1_000_000);
  check('spotIdBase', spotBase, 0, 1_000_000);
  const out: MarketSpec[] = [];
  for (let i = 0; i < count; i++) {
    const row = ROWS[i];
    const id = row ? i : perpBase + i - DEFAULT_MARKETS;
    out.push(row
      ? { id, symbol: row[0], price: row[1], priceDecimals: row[2], sizeDecimals: row[3], weight: row[4], status: 'active', kind: 'perp' }
      : { id, symbol: `SIM${id}`, price: 10, priceDecimals: 4, sizeDecimals: 2, weight: 0.3, status: 'active', kind: 'perp' });
  }
  for (let i = 0; i < spot; i++) {
    const id = spotBase + i;
    out.push({ id, symbol: `S${id}/USDC`, price: 2, priceDecimals: 4, sizeDecimals: 2, weight: 0.3, status: 'active', kind: 'spot' });
  }
  const ids = new Set<number>();
  for (const m of out) {
    if (ids.has(m.id)) throw new RangeError(`market id ${m.id} given twice: spread perpIdBase and spotIdBase apart`);
    ids.add(m.id);
  }
  check('quiet', o.quiet ?? 0, 0, out.length);
  for (let i = out.length - (o.quiet ?? 0); i < out.length; i++) out[i]!.weight = 0;
  let next = Math.max(...out.map((m) => m.id)) + 1;
  for (const symbol of INACTIVE_SYMBOLS) {
    out.push({ id: next++, symbol, price: 1, priceDecimals: 4, sizeDecimals: 2, weight: 0, status: 'inactive', kind: 'perp' });
  }
  return out;
}

const listEntry = (m: MarketSpec) => ({
  symbol: m.symbol,
  market_id: m.id,
  market_type: m.kind ?? 'perp',
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
});

/** The body of GET /api/v1/orderBookDetails, the list the venue recommends: perps and spot apart. */
export function orderBookDetailsBody(specs: readonly MarketSpec[]): string {
  return JSON.stringify({
    code: 200,
    order_book_details: specs.filter((m) => (m.kind ?? 'perp') === 'perp').map(listEntry),
    spot_order_book_details: specs.filter((m) => m.kind === 'spot').map(listEntry),
  });
}

/** The REST body of GET /api/v1/orderBooks, shaped like Lighter's. */
export function orderBooksBody(specs: readonly MarketSpec[]): string {
  return JSON.stringify({ code: 200, order_books: specs.map(listEntry) });
}
