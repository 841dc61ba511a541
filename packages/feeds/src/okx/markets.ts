// The market list: GET /api/v5/public/instruments?instType=SWAP, every `live` swap. The body is
// input from outside: each field we use is checked; odd entries are skipped and reported.
import type { MarketInfo } from '@ob/core';
import { getJson, restEndpoint } from '../shared/get-json';
import { decimalsOf, isObject } from '../shared/levels';
import { inNameOrder, type MarketIds } from '../shared/market-ids';
import type { FetchMarketsOptions, MarketList } from '../connection/types';
import { INSTRUMENTS_PATH } from './limits';

/** OKX lists a few hundred swaps. */
export const MAX_INSTRUMENTS = 10_000;
/** BTC-USDT-SWAP, BTC-USD_UM-SWAP: upper-case words joined by dashes. */
const INST_ID_RE = /^[A-Z0-9]{1,20}(?:-[A-Z0-9_]{1,20}){1,4}$/;
/** The underlying, `BTC-USDT`: base and quote. */
const PAIR_RE = /^([A-Z0-9]{1,20})-([A-Z0-9]{1,20})$/;

/** Base and quote from `uly` (BTC-USD_UM-SWAP has uly BTC-USD), else from the instId itself. */
function pairOf(inst: Record<string, unknown>, instId: string): [string, string] | undefined {
  for (const v of [inst.uly, inst.instFamily, instId.split('-').slice(0, 2).join('-')]) {
    const m = typeof v === 'string' ? PAIR_RE.exec(v) : null;
    if (m) return [m[1]!, m[2]!];
  }
  return undefined;
}

export function parseInstruments(body: unknown, ids: MarketIds): MarketList {
  if (!isObject(body)) throw new Error('okx instruments: body is not an object');
  if (body.code !== '0') throw new Error(`okx instruments: code ${JSON.stringify(body.code)}, expected "0"`);
  const list = body.data;
  if (!Array.isArray(list)) throw new Error('okx instruments: data is not an array');
  if (list.length > MAX_INSTRUMENTS) throw new Error(`okx instruments: ${list.length} entries, more than ${MAX_INSTRUMENTS}`);
  const markets: MarketInfo[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  // Ids go to new instruments in name order, so the same list always gives the same ids.
  for (const { entry: d, index: i, name } of inNameOrder(list, 'instId')) {
    if (!isObject(d)) { skipped.push(`#${i}: not an object`); continue; }
    if (d.instType !== 'SWAP' || d.state !== 'live') continue;
    if (!INST_ID_RE.test(name)) { skipped.push(`#${i}: bad instId`); continue; }
    const pair = pairOf(d, name);
    if (!pair) { skipped.push(`${name}: no base and quote`); continue; }
    if (seen.has(name)) { skipped.push(`${name}: listed twice`); continue; }
    const id = ids.assign(name);
    if (id < 0) { skipped.push(`${name}: no market id left`); continue; }
    seen.add(name);
    const m: MarketInfo = { id, symbol: name, instrument: { base: pair[0], quote: pair[1], kind: 'perp' } };
    const priceDecimals = decimalsOf(d.tickSz);
    const sizeDecimals = decimalsOf(d.lotSz);
    if (priceDecimals !== undefined) m.priceDecimals = priceDecimals;
    if (sizeDecimals !== undefined) m.sizeDecimals = sizeDecimals;
    markets.push(m);
  }
  markets.sort((a, b) => a.id - b.id);
  return { markets, skipped };
}

export async function fetchInstruments(opts: FetchMarketsOptions, ids: MarketIds): Promise<MarketList> {
  const { body } = await getJson(restEndpoint(opts.restUrl, INSTRUMENTS_PATH), {
    fetch: opts.fetch, signal: opts.signal, timeoutMs: opts.timeoutMs, what: 'okx instruments',
  });
  return parseInstruments(body, ids);
}
