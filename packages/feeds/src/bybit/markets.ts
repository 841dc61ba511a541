// Bybit's linear market list: GET /v5/market/instruments-info?category=linear, paginated by
// `nextPageCursor` (more than 500 linear symbols exist). Streamed: LinearPerpetual in status
// Trading (USDT and USDC perps); dated futures and pre-launch contracts are left out. Bybit has
// no stable numeric id of its own (symbolId is new and absent on pre-market entries), so ids
// come from a MarketIds registry that outlives each fetch. Every field used is checked.
import type { MarketInfo } from '@ob/core';
import { isObject } from '../shared/levels';
import type { MarketIds } from '../shared/market-ids';
import { getJson } from '../shared/get-json';
import type { FetchMarketsOptions, MarketList } from '../connection/types';
import { INSTRUMENTS_PAGE_LIMIT } from './limits';

/** A market list needing more pages than this is looping or not a market list. */
export const MAX_PAGES = 20;
const SYMBOL_RE = /^[A-Za-z0-9._-]{1,64}$/;
const COIN_RE = /^[A-Za-z0-9]{1,32}$/;
const MAX_DECIMALS = 20;

/** Decimals of a step such as "0.001" (→ 3) or "1" (→ 0); null when it is not a plain decimal. */
function stepDecimals(step: unknown): number | null {
  if (typeof step !== 'string' || !/^\d{1,20}(\.\d{1,20})?$/.test(step)) return null;
  const dot = step.indexOf('.');
  return dot < 0 ? 0 : step.length - dot - 1;
}

export interface InstrumentsPage { list: unknown[]; cursor: string }

/** Validates one page's body; throws saying what is wrong when the shape itself is wrong. */
export function parseInstrumentsPage(body: unknown): InstrumentsPage {
  if (!isObject(body)) throw new Error('bybit instruments: body is not an object');
  if (body.retCode !== 0) {
    const msg = typeof body.retMsg === 'string' ? body.retMsg.slice(0, 200) : '';
    throw new Error(`bybit instruments: retCode ${JSON.stringify(body.retCode)} ${msg}`.trim());
  }
  const result = body.result;
  if (!isObject(result) || !Array.isArray(result.list)) throw new Error('bybit instruments: result.list is not an array');
  const cursor = result.nextPageCursor ?? '';
  if (typeof cursor !== 'string') throw new Error('bybit instruments: nextPageCursor is not a string');
  return { list: result.list, cursor };
}

/** The entries worth streaming, with ids from `ids`; odd entries go to `skipped`. */
export function selectInstruments(list: readonly unknown[], ids: MarketIds, skipped: string[], seen: Set<string>): MarketInfo[] {
  const out: MarketInfo[] = [];
  list.forEach((e, i) => {
    if (!isObject(e)) { skipped.push(`#${i}: not an object`); return; }
    const { symbol, contractType, status, baseCoin, quoteCoin } = e;
    if (typeof symbol !== 'string' || !SYMBOL_RE.test(symbol)) { skipped.push(`#${i}: bad symbol`); return; }
    if (typeof contractType !== 'string' || typeof status !== 'string') { skipped.push(`${symbol}: bad contractType or status`); return; }
    if (contractType !== 'LinearPerpetual' || status !== 'Trading') return;
    if (typeof baseCoin !== 'string' || !COIN_RE.test(baseCoin) || typeof quoteCoin !== 'string' || !COIN_RE.test(quoteCoin)) {
      skipped.push(`${symbol}: bad baseCoin or quoteCoin`); return;
    }
    const priceDecimals = typeof e.priceScale === 'string' && /^\d{1,2}$/.test(e.priceScale) ? Number(e.priceScale) : null;
    const sizeDecimals = isObject(e.lotSizeFilter) ? stepDecimals(e.lotSizeFilter.qtyStep) : null;
    if (priceDecimals === null || priceDecimals > MAX_DECIMALS || sizeDecimals === null || sizeDecimals > MAX_DECIMALS) {
      skipped.push(`${symbol}: bad priceScale or qtyStep`); return;
    }
    if (seen.has(symbol)) { skipped.push(`${symbol}: listed twice`); return; }
    seen.add(symbol);
    const id = ids.assign(symbol);
    if (id < 0) { skipped.push(`${symbol}: no market id left`); return; }
    out.push({ id, symbol, instrument: { base: baseCoin, quote: quoteCoin, kind: 'perp' }, priceDecimals, sizeDecimals });
  });
  return out;
}

/** Every page, following the cursor; rejects on any page's failure (a partial list is not a list). */
export async function fetchInstruments(opts: FetchMarketsOptions, ids: MarketIds): Promise<MarketList> {
  const markets: MarketInfo[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  const cursors = new Set<string>();
  let cursor = '';
  for (let page = 0; ; page++) {
    if (page === MAX_PAGES) throw new Error(`bybit instruments: more than ${MAX_PAGES} pages`);
    const url = new URL(opts.restUrl);
    url.searchParams.set('category', 'linear');
    url.searchParams.set('limit', String(INSTRUMENTS_PAGE_LIMIT));
    if (cursor) url.searchParams.set('cursor', cursor);
    const { body } = await getJson(url.href, { fetch: opts.fetch, signal: opts.signal, timeoutMs: opts.timeoutMs, what: 'bybit instruments' });
    const p = parseInstrumentsPage(body);
    markets.push(...selectInstruments(p.list, ids, skipped, seen));
    if (p.cursor === '') break;
    if (cursors.has(p.cursor)) throw new Error('bybit instruments: the cursor repeats');
    cursors.add(p.cursor);
    cursor = p.cursor;
  }
  markets.sort((a, b) => a.id - b.id);
  return { markets, skipped };
}
