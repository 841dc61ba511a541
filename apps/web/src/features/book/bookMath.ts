// Book arithmetic for display: spread and mid, ladder rows, cumulative depth, and whether the
// Redis copy agrees with the in-memory book. Prices stay strings; numbers only for geometry.
import type { BookSnapshot } from '@ob/protocol';

type Level = [string, string];

export interface Top { bestBid: string | null; bestAsk: string | null; spread: number | null; spreadBps: number | null; mid: number | null }

export function topOf(book: Pick<BookSnapshot, 'bids' | 'asks'>): Top {
  const bestBid = book.bids[0]?.[0] ?? null;
  const bestAsk = book.asks[0]?.[0] ?? null;
  if (bestBid === null || bestAsk === null) return { bestBid, bestAsk, spread: null, spreadBps: null, mid: null };
  const bid = Number(bestBid);
  const ask = Number(bestAsk);
  const mid = (bid + ask) / 2;
  return { bestBid, bestAsk, spread: ask - bid, spreadBps: mid > 0 ? ((ask - bid) / mid) * 10_000 : null, mid };
}

export interface LadderRow { price: string; size: string; /** size relative to the largest shown, 0..1 */ fill: number }

/** Asks top to bottom (highest first, best ask next to the spread), then bids (best first). */
export function ladder(book: Pick<BookSnapshot, 'bids' | 'asks'>, levels: number): { asks: LadderRow[]; bids: LadderRow[] } {
  const asks = book.asks.slice(0, levels);
  const bids = book.bids.slice(0, levels);
  let max = 0;
  for (const [, size] of asks) max = Math.max(max, Number(size));
  for (const [, size] of bids) max = Math.max(max, Number(size));
  const row = ([price, size]: Level): LadderRow => ({ price, size, fill: max > 0 ? Number(size) / max : 0 });
  return { asks: asks.map(row).reverse(), bids: bids.map(row) };
}

export interface DepthPoint { price: number; bid?: number; ask?: number }

/** Cumulative size away from the touch on each side, ascending by price for the chart. */
export function depthPoints(book: Pick<BookSnapshot, 'bids' | 'asks'>): DepthPoint[] {
  const bids: DepthPoint[] = [];
  let cum = 0;
  for (const [price, size] of book.bids) {
    cum += Number(size);
    bids.push({ price: Number(price), bid: cum });
  }
  const asks: DepthPoint[] = [];
  cum = 0;
  for (const [price, size] of book.asks) {
    cum += Number(size);
    asks.push({ price: Number(price), ask: cum });
  }
  return [...bids.reverse(), ...asks];
}

function sameLevels(a: readonly Level[], b: readonly Level[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as Level;
    const y = b[i] as Level;
    if (x[0] !== y[0] || x[1] !== y[1]) return false;
  }
  return true;
}

/** Same levels on both sides, as far as both go (the two may be cut at different depths). */
export function sameBook(a: Pick<BookSnapshot, 'bids' | 'asks'>, b: Pick<BookSnapshot, 'bids' | 'asks'>): boolean {
  return sameLevels(a.bids, b.bids) && sameLevels(a.asks, b.asks);
}

export type Agreement =
  | { state: 'match'; seq: number }
  | { state: 'mismatch'; seq: number }
  | { state: 'behind'; seq: number; by: number }
  | { state: 'ahead'; seq: number }
  | { state: 'missing' };

/**
 * Redis holds what was written at the last flush, so it is compared with the in-memory book at
 * the same sequence number (from the recent frames kept), not with whatever memory holds now.
 */
export function agreement(redis: BookSnapshot | null, seen: ReadonlyMap<number, BookSnapshot>, current: BookSnapshot | null): Agreement {
  if (!redis) return { state: 'missing' };
  const same = seen.get(redis.seq) ?? (current?.seq === redis.seq ? current : undefined);
  if (same) return { state: sameBook(same, redis) ? 'match' : 'mismatch', seq: redis.seq };
  if (current && redis.seq < current.seq) return { state: 'behind', seq: redis.seq, by: current.seq - redis.seq };
  return { state: 'ahead', seq: redis.seq };
}
