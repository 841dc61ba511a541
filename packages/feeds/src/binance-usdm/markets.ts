// The market list: GET /fapi/v1/exchangeInfo, every TRADING perpetual. The body is input from
// outside: each field we use is checked; odd entries are skipped and reported, never trusted.
import type { MarketInfo } from '@ob/core';
import { getJson, restEndpoint } from '../shared/get-json';
import { decimalsOf, isObject } from '../shared/levels';
import { inNameOrder, type MarketIds } from '../shared/market-ids';
import type { FetchMarketsOptions, MarketList } from '../connection/types';
import { EXCHANGE_INFO_PATH } from './limits';

/** A list longer than this is not USD-M's (it lists a few hundred). */
export const MAX_SYMBOLS = 10_000;
/**
 * Symbols end up in Redis keys and stream names: letters and digits only. Unicode letters are
 * allowed because USD-M lists symbols such as 币安人生USDT.
 */
const SYMBOL_RE = /^[\p{L}\p{N}]{1,40}$/u;
const ASSET_RE = /^[\p{L}\p{N}]{1,20}$/u;

function filterValue(filters: unknown, type: string, field: string): unknown {
  if (!Array.isArray(filters)) return undefined;
  for (const f of filters) if (isObject(f) && f.filterType === type) return f[field];
  return undefined;
}

/** Validates a parsed body; throws saying what is wrong when the shape itself is wrong. */
export function parseExchangeInfo(body: unknown, ids: MarketIds): MarketList {
  if (!isObject(body)) throw new Error('binance-usdm exchangeInfo: body is not an object');
  const list = body.symbols;
  if (!Array.isArray(list)) throw new Error('binance-usdm exchangeInfo: symbols is not an array');
  if (list.length > MAX_SYMBOLS) throw new Error(`binance-usdm exchangeInfo: ${list.length} symbols, more than ${MAX_SYMBOLS}`);
  const markets: MarketInfo[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  // Ids go to new symbols in name order, so the same list always gives the same ids.
  for (const { entry: s, index: i, name } of inNameOrder(list, 'symbol')) {
    if (!isObject(s)) { skipped.push(`#${i}: not an object`); continue; }
    if (s.contractType !== 'PERPETUAL' || s.status !== 'TRADING') continue;
    if (!SYMBOL_RE.test(name)) { skipped.push(`#${i}: bad symbol`); continue; }
    const { baseAsset, quoteAsset } = s;
    if (typeof baseAsset !== 'string' || !ASSET_RE.test(baseAsset) || typeof quoteAsset !== 'string' || !ASSET_RE.test(quoteAsset)) {
      skipped.push(`${name}: bad baseAsset or quoteAsset`); continue;
    }
    if (seen.has(name)) { skipped.push(`${name}: listed twice`); continue; }
    const id = ids.assign(name);
    if (id < 0) { skipped.push(`${name}: no market id left`); continue; }
    seen.add(name);
    const m: MarketInfo = { id, symbol: name, instrument: { base: baseAsset, quote: quoteAsset, kind: 'perp' } };
    // pricePrecision is documented as "do not use it as tickSize": the filters are the truth.
    const priceDecimals = decimalsOf(filterValue(s.filters, 'PRICE_FILTER', 'tickSize'));
    const sizeDecimals = decimalsOf(filterValue(s.filters, 'LOT_SIZE', 'stepSize'));
    if (priceDecimals !== undefined) m.priceDecimals = priceDecimals;
    if (sizeDecimals !== undefined) m.sizeDecimals = sizeDecimals;
    markets.push(m);
  }
  markets.sort((a, b) => a.id - b.id);
  return { markets, skipped };
}

export async function fetchExchangeInfo(opts: FetchMarketsOptions, ids: MarketIds): Promise<MarketList> {
  const { body } = await getJson(restEndpoint(opts.restUrl, EXCHANGE_INFO_PATH), {
    fetch: opts.fetch, signal: opts.signal, timeoutMs: opts.timeoutMs, what: 'binance-usdm exchangeInfo',
  });
  return parseExchangeInfo(body, ids);
}
