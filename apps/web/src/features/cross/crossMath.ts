// The cross-venue figures of one instrument, as plain data: each venue's mid and spread, the
// best bid and ask across venues, how far each venue is from them, and where each venue's
// bid-ask range sits on a shared price axis.
import type { InstrumentGroup, VenueQuote } from '@ob/protocol';

export interface QuoteRow {
  venue: string;
  symbol: string;
  instrument: string;
  valid: boolean;
  bid: number | null;
  ask: number | null;
  bidText: string | null;
  askText: string | null;
  bidSize: string | null;
  askSize: string | null;
  spreadBps: number | null;
  /** Basis points below the best bid across venues (0 on the best). */
  bidOffBps: number | null;
  askOffBps: number | null;
  isBestBid: boolean;
  isBestAsk: boolean;
  /** The bid-ask range on the shared axis, 0..1. */
  from: number;
  to: number;
  lastUpdateTs: number;
}

export interface CrossView {
  rows: QuoteRow[];
  bestBid: { venue: string; symbol: string; price: number } | null;
  bestAsk: { venue: string; symbol: string; price: number } | null;
  /** (best ask − best bid) / mid in bps: negative when venues cross (an arbitrage, before fees). */
  crossSpreadBps: number | null;
  axis: { lo: number; hi: number } | null;
}

const num = (s: string | undefined | null) => (s == null ? null : Number.isFinite(Number(s)) ? Number(s) : null);
const bps = (d: number, ref: number) => (ref > 0 ? (d / ref) * 10_000 : null);

export function crossView(group: InstrumentGroup | null): CrossView {
  const quotes: VenueQuote[] = group?.quotes ?? [];
  const live = quotes.filter((q) => q.valid);
  let bestBid: CrossView['bestBid'] = null;
  let bestAsk: CrossView['bestAsk'] = null;
  for (const q of live) {
    const b = num(q.bid?.[0]);
    const a = num(q.ask?.[0]);
    if (b !== null && (!bestBid || b > bestBid.price)) bestBid = { venue: q.venue, symbol: q.symbol, price: b };
    if (a !== null && (!bestAsk || a < bestAsk.price)) bestAsk = { venue: q.venue, symbol: q.symbol, price: a };
  }
  const prices = quotes.flatMap((q) => [num(q.bid?.[0]), num(q.ask?.[0])]).filter((p): p is number => p !== null);
  let axis: CrossView['axis'] = null;
  if (prices.length > 0) {
    const lo = Math.min(...prices);
    const hi = Math.max(...prices);
    const pad = Math.max((hi - lo) * 0.1, hi * 1e-5);
    axis = { lo: lo - pad, hi: hi + pad };
  }
  const at = (p: number | null) => (p === null || !axis ? 0 : (p - axis.lo) / (axis.hi - axis.lo));
  const rows = quotes.map((q): QuoteRow => {
    const bid = num(q.bid?.[0]);
    const ask = num(q.ask?.[0]);
    const mid = bid !== null && ask !== null ? (bid + ask) / 2 : null;
    return {
      venue: q.venue, symbol: q.symbol, instrument: q.instrument, valid: q.valid,
      bid, ask, bidText: q.bid?.[0] ?? null, askText: q.ask?.[0] ?? null, bidSize: q.bid?.[1] ?? null, askSize: q.ask?.[1] ?? null,
      spreadBps: mid !== null ? bps(ask! - bid!, mid) : null,
      bidOffBps: bid !== null && bestBid ? bps(bestBid.price - bid, bestBid.price) : null,
      askOffBps: ask !== null && bestAsk ? bps(ask - bestAsk.price, bestAsk.price) : null,
      isBestBid: q.valid && bid !== null && bestBid?.venue === q.venue && bestBid.symbol === q.symbol,
      isBestAsk: q.valid && ask !== null && bestAsk?.venue === q.venue && bestAsk.symbol === q.symbol,
      from: at(bid ?? ask), to: at(ask ?? bid),
      lastUpdateTs: q.lastUpdateTs,
    };
  });
  const crossSpreadBps = bestBid && bestAsk ? bps(bestAsk.price - bestBid.price, (bestAsk.price + bestBid.price) / 2) : null;
  return { rows, bestBid, bestAsk, crossSpreadBps, axis };
}
