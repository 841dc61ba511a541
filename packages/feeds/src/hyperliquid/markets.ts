// Hyperliquid's perp market list: POST /info {"type":"meta"} → {universe:[{name, szDecimals,
// isDelisted?, ...}], ...}. A coin's asset id is its index in `universe`, which the venue never
// reorders (delisted coins stay, flagged), so the index is the market id. The body is input
// from outside: every field we use is checked; odd entries are skipped and reported.
import type { Instrument, MarketInfo } from '@ob/core';
import { MAX_MARKET_ID } from '../shared/market-ids';
import { isObject } from '../shared/levels';
import { getJson } from '../shared/get-json';
import type { FetchMarketsOptions, MarketList } from '../connection/types';

export const META_REQUEST = '{"type":"meta"}';
/** Perp prices have at most 6 - szDecimals decimals (the venue's tick rule). */
export const MAX_PERP_DECIMALS = 6;
/** Coins end up in Redis keys: a conservative alphabet (no `:`, so a key splits unambiguously). */
const COIN_RE = /^[A-Za-z0-9._/-]{1,64}$/;
/** `kPEPE` is 1,000 PEPE: the base other venues call `1000PEPE`. */
const KILO_RE = /^k([A-Z0-9].*)$/;
/** Perps are margined and settled in USDC (meta's collateralToken 0). */
export const QUOTE = 'USDC';

export const instrumentOf = (coin: string): Instrument => {
  const kilo = KILO_RE.exec(coin);
  return { base: kilo ? `1000${kilo[1]}` : coin, quote: QUOTE, kind: 'perp' };
};

/** Validates a parsed `meta` body; throws an Error saying what is wrong when the shape itself is wrong. */
export function parseMeta(body: unknown): MarketList {
  if (!isObject(body)) throw new Error('hyperliquid meta: body is not an object');
  const universe = body.universe;
  if (!Array.isArray(universe)) throw new Error('hyperliquid meta: universe is not an array');
  if (universe.length > MAX_MARKET_ID + 1) {
    throw new Error(`hyperliquid meta: ${universe.length} coins, more than ${MAX_MARKET_ID + 1}`);
  }
  const markets: MarketInfo[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  universe.forEach((a: unknown, id) => {
    if (!isObject(a)) { skipped.push(`#${id}: not an object`); return; }
    const { name, szDecimals } = a;
    if (typeof name !== 'string' || !COIN_RE.test(name)) { skipped.push(`#${id}: bad name`); return; }
    if (!Number.isInteger(szDecimals) || (szDecimals as number) < 0 || (szDecimals as number) > MAX_PERP_DECIMALS) {
      skipped.push(`${name}: bad szDecimals`); return;
    }
    if (a.isDelisted === true) return;
    if (seen.has(name)) { skipped.push(`${name}: duplicate name`); return; }
    seen.add(name);
    const sz = szDecimals as number;
    markets.push({ id, symbol: name, instrument: instrumentOf(name), priceDecimals: MAX_PERP_DECIMALS - sz, sizeDecimals: sz });
  });
  return { markets, skipped };
}

export async function fetchMeta(opts: FetchMarketsOptions): Promise<MarketList> {
  const { body } = await getJson(opts.restUrl, {
    fetch: opts.fetch, signal: opts.signal, timeoutMs: opts.timeoutMs, what: 'hyperliquid meta', post: META_REQUEST,
  });
  return parseMeta(body);
}
