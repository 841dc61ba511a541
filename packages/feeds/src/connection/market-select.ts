// Which of the venue's markets a feed streams: the operator's symbols (empty = all) of the
// operator's kinds (perp, spot or both), and what changed between two lists.
import type { MarketInfo, MarketKind } from '@ob/core';

export const kindOf = (m: MarketInfo): MarketKind => m.instrument?.kind ?? 'perp';

/** The markets a selection picks, ascending by id, and the symbols asked for but not listed. */
export function selectMarkets(known: readonly MarketInfo[], symbols: readonly string[], kinds: readonly MarketKind[]) {
  const ofKind = known.filter((m) => kinds.includes(kindOf(m)));
  if (symbols.length === 0) return { selected: ofKind, missing: [] as string[] };
  const want = new Set(symbols);
  const selected = ofKind.filter((m) => want.has(m.symbol));
  for (const m of selected) want.delete(m.symbol);
  return { selected, missing: [...want] };
}

export const sameMarket = (a: MarketInfo, b: MarketInfo): boolean =>
  a.id === b.id && a.symbol === b.symbol && a.priceDecimals === b.priceDecimals && a.sizeDecimals === b.sizeDecimals
  && kindOf(a) === kindOf(b);

/** Same markets in the same order. */
export const sameMarkets = (a: readonly MarketInfo[], b: readonly MarketInfo[]): boolean =>
  a.length === b.length && a.every((m, i) => sameMarket(m, b[i]!));
