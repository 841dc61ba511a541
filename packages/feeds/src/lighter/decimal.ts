// Validation of the venue's decimal strings, shared by both Lighter parsers so they agree exactly.

/** Longer price/size strings are refused: no real price needs them and they would bloat every snapshot. */
export const MAX_DECIMAL_CHARS = 40;

/**
 * `digits[.digits][e[+-]digits]`: no sign, no spaces, no hex, no "Infinity"; finite once parsed.
 * Returns the numeric value, or -1 when the string is not such a decimal.
 */
export function decimalValue(s: string): number {
  const n = s.length;
  if (n === 0 || n > MAX_DECIMAL_CHARS) return -1;
  let i = 0;
  let c = s.charCodeAt(0);
  if (c < 48 || c > 57) return -1;
  while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) i++;
  if (i < n && c === 46) { // '.'
    const start = ++i;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) i++;
    if (i === start) return -1;
  }
  if (i < n && (c === 101 || c === 69)) { // 'e' | 'E'
    i++;
    if (i < n && ((c = s.charCodeAt(i)) === 43 || c === 45)) i++;
    const start = i;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) i++;
    if (i === start) return -1;
  }
  if (i !== n) return -1;
  const v = +s;
  return v === Infinity ? -1 : v;
}

/**
 * End of a plain decimal (`digits[.digits]`) starting at p, i.e. the index of its closing quote,
 * or -1 when anything else is there. With `positive`, all-zero digits also give -1.
 * Used by the fast parser; agrees with decimalValue() on every string it accepts.
 */
export function plainDecimalEnd(s: string, p: number, positive: boolean): number {
  let q = p;
  let nonzero = 0;
  let c = s.charCodeAt(q);
  while (c >= 48 && c <= 57) { nonzero |= c - 48; c = s.charCodeAt(++q); }
  if (q === p) return -1;
  if (c === 46) { // '.'
    const f = ++q;
    c = s.charCodeAt(q);
    while (c >= 48 && c <= 57) { nonzero |= c - 48; c = s.charCodeAt(++q); }
    if (q === f) return -1;
  }
  if (c !== 34 || q - p > MAX_DECIMAL_CHARS || (positive && nonzero === 0)) return -1;
  return q;
}
