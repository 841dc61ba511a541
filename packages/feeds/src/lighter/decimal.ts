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

// The fast parser reads plain decimals (`digits[.digits]`, the venue's spelling) in one scan that
// also yields the number the book orders by, so the book never scans the string again.

/**
 * Second results of plainPrice() and plainSizeEnd(), as module state: set once per call, read
 * right after it. Both are small integers: a double here would be boxed (a heap number) on every
 * store, which is why plainPrice returns its value and leaves its end position here.
 */
export let priceEnd = 0;
export let sizeNonzero = 0;

/** 10^0 .. 10^15, all exact: the fast path of plainPrice never has more than 15 digits. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The positive plain decimal starting at p, exactly as Number() gives it; NaN when it has more
 * than 15 digits (then convert the text); -1 when anything else is there (all-zero digits
 * included). Its end (the index of the closing quote) goes to priceEnd. Up to 15 digits form an
 * exact integer and 10^k is exact, so one correctly rounded division gives exactly Number(text).
 * Agrees with decimalValue() on every string it accepts.
 */
export function plainPrice(s: string, p: number): number {
  let q = p;
  let m = 0;
  let c = s.charCodeAt(q);
  while (c >= 48 && c <= 57) { m = m * 10 + (c - 48); c = s.charCodeAt(++q); }
  let digits = q - p;
  if (digits === 0) return -1;
  let frac = 0;
  if (c === 46) { // '.'
    const f = ++q;
    c = s.charCodeAt(q);
    while (c >= 48 && c <= 57) { m = m * 10 + (c - 48); c = s.charCodeAt(++q); }
    frac = q - f;
    if (frac === 0) return -1;
    digits += frac;
  }
  // m only grows from its first nonzero digit on, so m === 0 exactly when every digit is 0.
  if (c !== 34 || q - p > MAX_DECIMAL_CHARS || m === 0) return -1;
  priceEnd = q;
  return digits <= 15 ? m / POW10[frac]! : NaN;
}

/**
 * End of a plain decimal (zero allowed) starting at p, i.e. the index of its closing quote, or
 * -1 when anything else is there. sizeNonzero becomes 0 when every digit is 0 (a delete).
 */
export function plainSizeEnd(s: string, p: number): number {
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
  if (c !== 34 || q - p > MAX_DECIMAL_CHARS) return -1;
  sizeNonzero = nonzero;
  return q;
}
