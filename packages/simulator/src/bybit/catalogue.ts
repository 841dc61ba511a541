// The simulated Bybit linear instrument list: real symbols (USDT and USDC perpetuals), plausible
// prices, price scales, tick and lot steps, a hot/cold mix, and entries the adapter must leave
// out (a dated future, a pre-launch contract), shaped as GET /v5/market/instruments-info answers.

export interface InstrumentSpec {
  symbol: string;
  baseCoin: string;
  quoteCoin: string;
  contractType: 'LinearPerpetual' | 'LinearFutures';
  status: 'Trading' | 'PreLaunch';
  price: number;
  /** Decimals prices are written with. */
  priceScale: number;
  /** tickSize in units of 10^-priceScale ("0.10" at scale 2 is 10). */
  tickUnits: number;
  /** Decimals of qtyStep. */
  sizeDecimals: number;
  weight: number;
}

type Row = [symbol: string, base: string, quote: string, price: number, scale: number, tick: number, size: number, weight: number];

const PERPS: Row[] = [
  ['BTCUSDT', 'BTC', 'USDT', 90000, 2, 10, 3, 20], ['ETHUSDT', 'ETH', 'USDT', 3000, 2, 1, 2, 18],
  ['SOLUSDT', 'SOL', 'USDT', 140, 3, 10, 1, 8], ['XRPUSDT', 'XRP', 'USDT', 2.2, 4, 1, 0, 3],
  ['DOGEUSDT', 'DOGE', 'USDT', 0.16, 5, 1, 0, 2], ['1000PEPEUSDT', '1000PEPE', 'USDT', 0.007, 7, 1, 0, 2],
  ['HYPEUSDT', 'HYPE', 'USDT', 38, 3, 1, 2, 5], ['SUIUSDT', 'SUI', 'USDT', 1.7, 5, 10, 1, 2],
  ['LINKUSDT', 'LINK', 'USDT', 13, 3, 1, 1, 1], ['BTCPERP', 'BTC', 'USDC', 90000, 1, 5, 3, 3],
  ['ETHPERP', 'ETH', 'USDC', 3000, 2, 5, 2, 2], ['AVAXUSDT', 'AVAX', 'USDT', 14, 3, 1, 1, 1],
];

export const DEFAULT_INSTRUMENTS = PERPS.length;
/** Ids index per-market arrays in clients; the adapter refuses more than 4096 symbols. */
export const MAX_INSTRUMENTS = 4000;

const spec = (r: Row): InstrumentSpec => ({
  symbol: r[0], baseCoin: r[1], quoteCoin: r[2], contractType: 'LinearPerpetual', status: 'Trading',
  price: r[3], priceScale: r[4], tickUnits: r[5], sizeDecimals: r[6], weight: r[7],
});

/** `count` streamable perps (beyond the real ones: synthetic SIM<n>USDT). */
export function perpCatalogue(count: number = DEFAULT_INSTRUMENTS): InstrumentSpec[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_INSTRUMENTS) {
    throw new RangeError(`markets must be an integer in 1..${MAX_INSTRUMENTS}, got ${count}`);
  }
  const out: InstrumentSpec[] = [];
  for (let i = 0; i < count; i++) {
    out.push(PERPS[i] ? spec(PERPS[i]!) : spec([`SIM${i}USDT`, `SIM${i}`, 'USDT', 10, 4, 1, 2, 0.3]));
  }
  return out;
}

/** Listed but not streamed by the adapter: a dated future (Trading) and a pre-launch perp. */
export const OTHER_INSTRUMENTS: InstrumentSpec[] = [
  { ...spec(['BTC-27MAR26', 'BTC', 'USDT', 91000, 2, 50, 3, 0]), contractType: 'LinearFutures' },
  { ...spec(['NEWUSDT', 'NEW', 'USDT', 1, 4, 1, 0, 0]), status: 'PreLaunch' },
];

const step = (decimals: number, units = 1) => (units * 10 ** -decimals).toFixed(decimals);

/** One entry of `result.list`, with the fields the venue sends (the adapter reads a few). */
export function instrumentJson(s: InstrumentSpec): Record<string, unknown> {
  return {
    symbol: s.symbol, contractType: s.contractType, status: s.status, baseCoin: s.baseCoin, quoteCoin: s.quoteCoin,
    launchTime: '1585526400000', deliveryTime: s.contractType === 'LinearFutures' ? '1774598400000' : '0',
    deliveryFeeRate: '', priceScale: String(s.priceScale),
    leverageFilter: { minLeverage: '1', maxLeverage: '50.00', leverageStep: '0.01' },
    priceFilter: { minPrice: step(s.priceScale, s.tickUnits), maxPrice: '1999999.80', tickSize: step(s.priceScale, s.tickUnits) },
    lotSizeFilter: {
      maxOrderQty: '1000000', minOrderQty: step(s.sizeDecimals), qtyStep: step(s.sizeDecimals),
      postOnlyMaxOrderQty: '1000000', maxMktOrderQty: '100000', minNotionalValue: '5',
    },
    unifiedMarginTrade: true, fundingInterval: 480, settleCoin: s.quoteCoin, copyTrading: 'both',
    upperFundingRate: '0.00375', lowerFundingRate: '-0.00375', isPreListing: s.status === 'PreLaunch',
    preListingInfo: null, riskParameters: { priceLimitRatioX: '0.01', priceLimitRatioY: '0.02' }, symbolType: '',
  };
}
