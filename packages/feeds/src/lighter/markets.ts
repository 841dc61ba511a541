// The venue's market list over REST. The venue recommends GET /api/v1/orderBookDetails
// (`order_book_details` perps and `spot_order_book_details`); GET /api/v1/orderBooks
// (`order_books`, each with `market_type`) is read too. The body is input from outside: every
// field we use is checked; odd entries are skipped and reported, never trusted.
import type { Instrument, MarketInfo, MarketKind } from '@ob/core';
import { getJson } from '../shared/get-json';
import { MAX_MARKET_ID } from './tracker';

export { MAX_MARKET_ID };
/** Entries in one list; more is not a market list. */
export const MAX_LIST_ENTRIES = 100_000;
/** A market list bigger than this is not a market list. */
export const MAX_REST_BYTES = 4 * 1024 * 1024;
export const REST_TIMEOUT_MS = 10_000;
/** Symbols end up in Redis keys and URLs: a conservative alphabet (spot pairs may carry `/`). */
const SYMBOL_RE = /^[A-Za-z0-9._/-]{1,64}$/;
const MAX_DECIMALS = 30;

export interface MarketList {
  /** Every market with status "active", ascending by id. */
  markets: MarketInfo[];
  /** Entries refused, with why (for a log line). */
  skipped: string[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function decimals(v: unknown): number | undefined | null {
  if (v === undefined) return undefined;
  return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_DECIMALS ? (v as number) : null;
}

/** Validates a parsed body; throws an Error saying what is wrong when the shape itself is wrong. */
export function parseMarketList(body: unknown): MarketList {
  if (!isObj(body)) throw new Error('market list: body is not an object');
  if (body.code !== 200) throw new Error(`market list: code ${JSON.stringify(body.code)}, expected 200`);
  const details = body.order_book_details;
  const spotDetails = body.spot_order_book_details;
  let books: unknown[];
  let defaultKind: MarketKind[];
  if (details !== undefined || spotDetails !== undefined) {
    if (details !== undefined && !Array.isArray(details)) throw new Error('market list: order_book_details is not an array');
    if (spotDetails !== undefined && !Array.isArray(spotDetails)) throw new Error('market list: spot_order_book_details is not an array');
    const perps = (details ?? []) as unknown[];
    const spots = (spotDetails ?? []) as unknown[];
    books = [...perps, ...spots];
    defaultKind = [...perps.map(() => 'perp' as const), ...spots.map(() => 'spot' as const)];
  } else {
    if (!Array.isArray(body.order_books)) throw new Error('market list: order_books (or order_book_details) is not an array');
    books = body.order_books;
    defaultKind = books.map(() => 'perp' as const);
  }
  if (books.length > MAX_LIST_ENTRIES) throw new Error(`market list: ${books.length} entries, more than ${MAX_LIST_ENTRIES}`);
  const markets: MarketInfo[] = [];
  const skipped: string[] = [];
  const ids = new Set<number>();
  const symbols = new Set<string>();
  books.forEach((b: unknown, i) => {
    if (!isObj(b)) { skipped.push(`#${i}: not an object`); return; }
    const { symbol, market_id: id, status } = b;
    if (typeof symbol !== 'string' || !SYMBOL_RE.test(symbol)) { skipped.push(`#${i}: bad symbol`); return; }
    if (!Number.isInteger(id) || (id as number) < 0 || (id as number) > MAX_MARKET_ID) {
      skipped.push(`${symbol}: bad market_id`); return;
    }
    if (typeof status !== 'string') { skipped.push(`${symbol}: bad status`); return; }
    const priceDecimals = decimals(b.supported_price_decimals);
    const sizeDecimals = decimals(b.supported_size_decimals);
    if (priceDecimals === null || sizeDecimals === null) { skipped.push(`${symbol}: bad decimals`); return; }
    const type = b.market_type ?? defaultKind[i];
    if (type !== 'perp' && type !== 'spot') { skipped.push(`${symbol}: bad market_type`); return; }
    if (status !== 'active') return;
    if (ids.has(id as number) || symbols.has(symbol)) { skipped.push(`${symbol}: duplicate id or symbol`); return; }
    ids.add(id as number);
    symbols.add(symbol);
    const m: MarketInfo = { id: id as number, symbol, instrument: instrumentOf(symbol, type) };
    if (priceDecimals !== undefined) m.priceDecimals = priceDecimals;
    if (sizeDecimals !== undefined) m.sizeDecimals = sizeDecimals;
    markets.push(m);
  });
  markets.sort((a, b) => a.id - b.id);
  return { markets, skipped };
}

/** Perps are named by base (quoted in USD); spot pairs as BASE/QUOTE. */
export function instrumentOf(symbol: string, kind: MarketKind): Instrument {
  const slash = symbol.indexOf('/');
  if (slash > 0) return { base: symbol.slice(0, slash), quote: symbol.slice(slash + 1), kind };
  return { base: symbol, quote: kind === 'perp' ? 'USD' : 'USDC', kind };
}

/** GET the list with a timeout; rejects (never hangs) on network, HTTP, JSON or shape errors. */
export async function fetchMarketList(
  url: string, fetchFn: typeof fetch, signal?: AbortSignal, timeoutMs = REST_TIMEOUT_MS,
): Promise<MarketList> {
  const { body } = await getJson(url, { fetch: fetchFn, signal, timeoutMs, maxBytes: MAX_REST_BYTES, what: 'market list' });
  return parseMarketList(body);
}
