// The simulated USD-M market list: a few real symbols with plausible prices and decimals, then
// synthetic SIM<n>USDT perpetuals to any count; plus a quarterly contract and a settling
// perpetual, listed but not TRADING perpetuals, so the adapter's filter is exercised.
import type { WalkSpec } from '../common/book-walk';

type Row = [symbol: string, base: string, price: number, priceDecimals: number, sizeDecimals: number, weight: number];

const ROWS: Row[] = [
  ['BTCUSDT', 'BTC', 90_000, 1, 3, 20], ['ETHUSDT', 'ETH', 3_000, 2, 3, 15], ['SOLUSDT', 'SOL', 140, 2, 2, 6],
  ['BNBUSDT', 'BNB', 900, 2, 2, 3], ['XRPUSDT', 'XRP', 2.2, 4, 1, 3], ['DOGEUSDT', 'DOGE', 0.16, 5, 0, 3],
  ['1000PEPEUSDT', '1000PEPE', 0.007, 7, 0, 2], ['HYPEUSDT', 'HYPE', 38, 3, 2, 4], ['SUIUSDT', 'SUI', 1.7, 4, 1, 1],
  ['LINKUSDT', 'LINK', 13, 3, 2, 1],
];

export interface BinanceSpec extends WalkSpec { base: string }

export const DEFAULT_MARKETS = ROWS.length;

/** `count` TRADING perpetuals: the real rows first, then SIM<n>USDT. */
export function binanceCatalogue(count: number): BinanceSpec[] {
  const out: BinanceSpec[] = [];
  for (let i = 0; i < count; i++) {
    const r = ROWS[i];
    out.push(r
      ? { symbol: r[0], base: r[1], price: r[2], priceDecimals: r[3], sizeDecimals: r[4], weight: r[5] }
      : { symbol: `SIM${i}USDT`, base: `SIM${i}`, price: 10, priceDecimals: 4, sizeDecimals: 1, weight: 0.3 });
  }
  return out;
}

const step = (decimals: number) => (decimals === 0 ? '1' : `0.${'0'.repeat(decimals - 1)}1`);

function symbolEntry(s: { symbol: string; base: string; priceDecimals: number; sizeDecimals: number }, contractType: string, status: string) {
  return {
    symbol: s.symbol, pair: s.symbol.split('_')[0], contractType, deliveryDate: 4133404800000, onboardDate: 1569398400000,
    status, maintMarginPercent: '2.5000', requiredMarginPercent: '5.0000', baseAsset: s.base, quoteAsset: 'USDT',
    marginAsset: 'USDT', pricePrecision: s.priceDecimals, quantityPrecision: s.sizeDecimals, baseAssetPrecision: 8,
    quotePrecision: 8, underlyingType: 'COIN', underlyingSubType: [], triggerProtect: '0.0500',
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: step(s.priceDecimals), maxPrice: '1000000', tickSize: step(s.priceDecimals) },
      { filterType: 'LOT_SIZE', minQty: step(s.sizeDecimals), maxQty: '1000000', stepSize: step(s.sizeDecimals) },
      { filterType: 'MAX_NUM_ORDERS', limit: 200 },
    ],
    orderTypes: ['LIMIT', 'MARKET'], timeInForce: ['GTC', 'IOC', 'FOK', 'GTX'],
  };
}

/** GET /fapi/v1/exchangeInfo, shaped like the venue's. */
export function exchangeInfoBody(specs: readonly BinanceSpec[], serverTime: number): string {
  const symbols = specs.map((s) => symbolEntry(s, 'PERPETUAL', 'TRADING'));
  symbols.push(symbolEntry({ symbol: 'BTCUSDT_261225', base: 'BTC', priceDecimals: 1, sizeDecimals: 3 }, 'CURRENT_QUARTER', 'TRADING'));
  symbols.push(symbolEntry({ symbol: 'OLDUSDT', base: 'OLD', priceDecimals: 4, sizeDecimals: 0 }, 'PERPETUAL', 'SETTLING'));
  return JSON.stringify({
    timezone: 'UTC', serverTime, futuresType: 'U_MARGINED',
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
      { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
    ],
    exchangeFilters: [], assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }], symbols,
  });
}
