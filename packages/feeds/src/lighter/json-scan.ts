// JSON grammar for the fast Lighter parser (parse-fast.ts): whitespace, separators, strings,
// numbers and skipped values, each read with charCodeAt from a position, returning the position
// after what it read (locals, not module state: the hot loops stay in registers). Anything it
// does not handle itself throws FALLBACK, and the reference parser decides.

/** Unknown nested values deeper than this are left to JSON.parse (and keep our recursion shallow). */
export const MAX_SKIP_DEPTH = 64;

/** Thrown to hand the frame to the reference parser. */
export const FALLBACK = { fallback: true };

/** Value of the last number() read. */
export let numVal = 0;

/** Position of the first non-whitespace character at or after p. */
export function ws(s: string, p: number): number {
  let c = s.charCodeAt(p);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++p);
  return p;
}

/** After a key's closing quote: whitespace, ':', whitespace; returns the value's position. */
export function colon(s: string, p: number): number {
  if (s.charCodeAt(p) !== 58) { // ':' right after the key is the usual spelling
    p = ws(s, p);
    if (s.charCodeAt(p) !== 58) throw FALLBACK;
  }
  const c = s.charCodeAt(++p);
  return c === 32 || c === 10 || c === 13 || c === 9 ? ws(s, p) : p;
}

/** After a member or element: 1 past a ',' (and the whitespace after it), or -1 past `close`. */
export function next(s: string, p: number, close: number): number {
  let c = s.charCodeAt(p);
  if (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(p = ws(s, p));
  if (c === 44) {
    c = s.charCodeAt(++p);
    return c === 32 || c === 10 || c === 13 || c === 9 ? ws(s, p) : p;
  }
  if (c !== close) throw FALLBACK;
  return -(p + 1);
}

/** The closing quote of a key (or of a string we need) starting at p, just past its opening quote. No escapes. */
export function plainEnd(s: string, p: number): number {
  for (;;) {
    const c = s.charCodeAt(p);
    if (c === 34) return p;
    if (c === 92 || c < 32 || c !== c) throw FALLBACK; // backslash, control char, or end (NaN)
    p++;
  }
}

/** Any JSON string at p (its opening quote), escapes validated, value not kept. */
export function skipString(s: string, p: number): number {
  if (s.charCodeAt(p++) !== 34) throw FALLBACK;
  for (;;) {
    const c = s.charCodeAt(p++);
    if (c === 34) return p;
    if (c === 92) {
      const e = s.charCodeAt(p++);
      if (e === 117) { // \uXXXX
        for (let k = 0; k < 4; k++) {
          const h = s.charCodeAt(p++) | 32;
          if (!((h >= 48 && h <= 57) || (h >= 97 && h <= 102))) throw FALLBACK;
        }
      } else if (!(e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116)) {
        throw FALLBACK;
      }
    } else if (c < 32 || c !== c) throw FALLBACK;
  }
}

export const isDigit = (c: number) => c >= 48 && c <= 57;

/** A JSON number token (strict grammar) at p; its value goes to numVal. */
export function number(s: string, p: number): number {
  const start = p;
  let c = s.charCodeAt(p);
  const neg = c === 45; // '-'
  if (neg) c = s.charCodeAt(++p);
  let v = 0;
  if (c === 48) c = s.charCodeAt(++p); // a leading 0 stands alone
  else if (c >= 49 && c <= 57) {
    do { v = v * 10 + (c - 48); c = s.charCodeAt(++p); } while (c >= 48 && c <= 57);
  } else throw FALLBACK;
  // Integers of up to 15 digits are exact as accumulated: the usual case (nonce, timestamp).
  if (c !== 46 && c !== 101 && c !== 69 && p - start <= 15) {
    numVal = neg ? -v : v;
    return p;
  }
  if (c === 46) { // '.'
    if (!isDigit(s.charCodeAt(++p))) throw FALLBACK;
    do c = s.charCodeAt(++p); while (isDigit(c));
  }
  if (c === 101 || c === 69) { // 'e' | 'E'
    c = s.charCodeAt(++p);
    if (c === 43 || c === 45) c = s.charCodeAt(++p);
    if (!isDigit(c)) throw FALLBACK;
    do c = s.charCodeAt(++p); while (isDigit(c));
  }
  numVal = +s.slice(start, p);
  return p;
}

export function literal(s: string, p: number, word: string): number {
  if (!s.startsWith(word, p)) throw FALLBACK;
  return p + word.length;
}

/** Any JSON value at p, grammar checked, nothing built. */
export function skipValue(s: string, p: number, depth: number): number {
  const c = s.charCodeAt(p);
  if (c === 34) return skipString(s, p);
  if (c === 123 || c === 91) { // '{' | '['
    if (depth >= MAX_SKIP_DEPTH) throw FALLBACK;
    const close = c + 2; // '}' = '{' + 2, ']' = '[' + 2
    p = ws(s, p + 1);
    if (s.charCodeAt(p) === close) return p + 1;
    for (;;) {
      if (c === 123) p = colon(s, ws(s, skipString(s, p)));
      p = next(s, skipValue(s, p, depth + 1), close);
      if (p < 0) return -p;
    }
  }
  if (c === 116) return literal(s, p, 'true');
  if (c === 102) return literal(s, p, 'false');
  if (c === 110) return literal(s, p, 'null');
  return number(s, p);
}

/** An unknown member's key at p (just past its quote) and its colon; returns the value's position. */
export const otherKey = (s: string, p: number) => colon(s, plainEnd(s, p) + 1);
