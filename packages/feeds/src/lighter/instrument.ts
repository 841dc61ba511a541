// Lighter's markets as instruments: perps are margined and settled in USDC and named by their
// base alone (`BTC`); spot markets are named `BASE/QUOTE` (`ETH/USDC`).
import type { Instrument } from '@ob/core';

export const LIGHTER_QUOTE = 'USDC';

export function lighterInstrument(symbol: string, marketType: unknown): Instrument {
  const pair = symbol.split('/');
  if (marketType === 'spot' || pair.length === 2) return { base: pair[0]!, quote: pair[1] ?? LIGHTER_QUOTE, kind: 'spot' };
  return { base: symbol, quote: LIGHTER_QUOTE, kind: 'perp' };
}
