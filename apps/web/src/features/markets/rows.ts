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
  symbol: string;
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
    symbol: m.symbol,
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

export type SortKey = 'symbol' | 'msgRate' | 'writeRate' | 'age' | 'bestBid' | 'bestAsk' | 'spreadBps' | 'levels' | 'gaps';
export interface Sort { key: SortKey; dir: 'asc' | 'desc' }

function sortValue(r: MarketRow, key: SortKey): number | string | null {
  if (key === 'bestBid' || key === 'bestAsk') return r[key] === null ? null : Number(r[key]);
  return r[key];
}

/** Missing values always sort last, whatever the direction. */
export function sortRows(rows: readonly MarketRow[], sort: Sort): MarketRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    if (x === null || y === null) return x === y ? a.symbol.localeCompare(b.symbol) : x === null ? 1 : -1;
    const c = typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
    return c !== 0 ? sign * c : a.symbol.localeCompare(b.symbol);
  });
}

export function filterRows(rows: readonly MarketRow[], query: string): readonly MarketRow[] {
  const q = query.trim().toUpperCase();
  return q ? rows.filter((r) => r.symbol.toUpperCase().includes(q)) : rows;
}
