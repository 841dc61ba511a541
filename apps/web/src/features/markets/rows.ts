// Market table rows as plain data: derived figures, sorting and filtering.
import type { MarketStats } from '@ob/protocol';

/** A market's last update older than this shows amber, then red: the book may be stale. */
export const AGE_AMBER_MS = 5_000;
export const AGE_RED_MS = 30_000;

export type AgeTone = 'ok' | 'warn' | 'bad';

export function ageTone(ageMs: number | null): AgeTone {
  if (ageMs === null || ageMs >= AGE_RED_MS) return 'bad';
  if (ageMs >= AGE_AMBER_MS) return 'warn';
  return 'ok';
}

export interface MarketRow {
  venue: string;
  symbol: string;
  /** BASE-QUOTE-KIND, '' when the venue lists none. */
  instrument: string;
  market: number;
  valid: boolean;
  msgRate: number;
  writeRate: number;
  /** ms since the last update, by the server's clock; null = never updated. */
  age: number | null;
  bestBid: string | null;
  bestAsk: string | null;
  /** ask − bid; null without both sides. */
  spread: number | null;
  spreadBps: number | null;
  levels: number;
  bidLevels: number;
  askLevels: number;
  gaps: number;
  /** Best bid >= best ask now, and the snapshots written so. */
  crossed: boolean;
  crossedWrites: number;
  /** ms without a valid book (null while valid), and whether it ever had one ("no book yet" vs "resync"). */
  noBookFor: number | null;
  everValid: boolean;
}

export function toRow(m: MarketStats, now: number): MarketRow {
  const bid = m.bestBid === null ? NaN : Number(m.bestBid);
  const ask = m.bestAsk === null ? NaN : Number(m.bestAsk);
  const both = Number.isFinite(bid) && Number.isFinite(ask);
  const mid = (bid + ask) / 2;
  return {
    venue: m.venue,
    symbol: m.symbol,
    instrument: m.instrument,
    market: m.market,
    valid: m.valid,
    msgRate: m.msgRate,
    writeRate: m.writeRate,
    age: m.lastUpdateTs > 0 ? Math.max(0, now - m.lastUpdateTs) : null,
    bestBid: m.bestBid,
    bestAsk: m.bestAsk,
    spread: both ? ask - bid : null,
    spreadBps: both && mid > 0 ? ((ask - bid) / mid) * 10_000 : null,
    levels: m.bidLevels + m.askLevels,
    bidLevels: m.bidLevels,
    askLevels: m.askLevels,
    gaps: m.gaps,
    crossed: m.crossed,
    crossedWrites: m.crossedWrites,
    noBookFor: !m.valid && m.noBookSince > 0 ? Math.max(0, now - m.noBookSince) : null,
    everValid: m.everValid,
  };
}

export type SortKey = 'venue' | 'symbol' | 'msgRate' | 'writeRate' | 'age' | 'bestBid' | 'bestAsk' | 'spreadBps' | 'levels' | 'gaps';
export interface Sort { key: SortKey; dir: 'asc' | 'desc' }

function sortValue(r: MarketRow, key: SortKey): number | string | null {
  if (key === 'bestBid' || key === 'bestAsk') return r[key] === null ? null : Number(r[key]);
  return r[key];
}

const byName = (a: MarketRow, b: MarketRow) => a.symbol.localeCompare(b.symbol) || a.venue.localeCompare(b.venue);

/** Missing values always sort last, whatever the direction. */
export function sortRows(rows: readonly MarketRow[], sort: Sort): MarketRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    const c = typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
    return c !== 0 ? sign * c : byName(a, b);
  });
}

/** Rows whose symbol or instrument holds the query, of one venue when `venue` is given. */
export function filterRows(rows: readonly MarketRow[], query: string, venue: string | null = null): readonly MarketRow[] {
  const q = query.trim().toUpperCase();
  return rows.filter((r) => (!venue || r.venue === venue)
    && (!q || r.symbol.toUpperCase().includes(q) || r.instrument.toUpperCase().includes(q)));
}
