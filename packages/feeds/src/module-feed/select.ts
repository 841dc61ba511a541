// Which listed markets to stream, and how they are spread over sockets.
import type { MarketInfo } from '@ob/core';

/** Every listed market when `symbols` is empty, else those named (and which names are not listed). */
export function selectSymbols(known: readonly MarketInfo[], symbols: readonly string[]) {
  if (symbols.length === 0) return { selected: known.slice(), missing: [] as string[] };
  const want = new Set(symbols);
  const selected = known.filter((m) => want.has(m.symbol));
  for (const m of selected) want.delete(m.symbol);
  return { selected, missing: [...want] };
}

/** Markets in groups of at most `perSocket`, as even as the count allows (a socket lost touches few books). */
export function spread<T>(markets: readonly T[], perSocket: number): T[][] {
  if (markets.length === 0) return [];
  const sockets = Math.ceil(markets.length / Math.max(1, perSocket));
  const out: T[][] = Array.from({ length: sockets }, () => []);
  markets.forEach((m, i) => out[i % sockets]!.push(m));
  return out;
}
