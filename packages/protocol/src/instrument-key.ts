// BASE-QUOTE-KIND → the cross-venue key BASE-KIND (the quote is left out: USDC and USDT books
// of one base are what a desk compares).
export function groupKey(instrument: string): { key: string; base: string; kind: string } | null {
  const kindAt = instrument.lastIndexOf('-');
  const quoteAt = instrument.lastIndexOf('-', kindAt - 1);
  if (kindAt <= 0 || quoteAt <= 0) return null;
  const base = instrument.slice(0, quoteAt);
  const kind = instrument.slice(kindAt + 1);
  return { key: `${base}-${kind}`, base, kind };
}
