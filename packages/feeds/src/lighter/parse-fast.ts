// The fast Lighter parser: one pass over the frame text with charCodeAt, extracting only what a
// book needs (type, channel, timestamp, nonce, begin_nonce, price/size strings) and validating
// the JSON grammar of everything else without building it. Whenever it meets something it does
// not handle itself (escapes in a key or in a string it needs, duplicate keys, bad grammar,
// invalid values, error frames) it throws FALLBACK and the reference parser decides, so the two
// always agree.
//
// Keys may come in any order (the venue's order is not documented): each member's key is
// recognised by its first character and then compared in place char by char (about 3x cheaper
// than startsWith here), closing quote included, so no key is copied or scanned twice. Scanning functions take the text and a position and return the
// position after what they read (locals, not module state: the hot loops stay in registers).
import type { LighterFrame } from './frames';
import { decimalValue, plainDecimalEnd } from './decimal';
import { MAX_LEVELS_PER_FRAME, parseLighterFrameReference } from './parse-reference';
import { keepStringPrototypeFast } from './string-proto';

/** Unknown nested values deeper than this are left to JSON.parse (and keep our recursion shallow). */
export const MAX_SKIP_DEPTH = 64;

const FALLBACK = { fallback: true };
/** Frames between two keepStringPrototypeFast() calls (a power of two minus one, as a mask). */
const STRING_PROTO_CHECK_MASK = 0xffff;
let frames = 0;

// Results of the frame being scanned that do not fit a returned position. Parsing is
// synchronous, so no two frames ever share them.
let levelCount = 0;
/** Value of the last number() read. */
let numVal = 0;
/** The last decimal() read. */
let decStr = '';
let nonce = 0, hasNonce = false;
let beginNonce = 0, hasBegin = false;
let bids: string[] | null = null;
let asks: string[] | null = null;

export function parseLighterFrameFast(text: string, receivedTs: number): LighterFrame {
  frames = (frames + 1) & STRING_PROTO_CHECK_MASK;
  if (frames === 1) keepStringPrototypeFast();
  let frame: LighterFrame | null = null;
  try {
    frame = scanFrame(text, receivedTs);
  } catch {
    // FALLBACK, or anything unforeseen (e.g. stack overflow): the reference parser decides.
  }
  bids = asks = null; // keep no strings alive between frames
  decStr = '';
  return frame ?? parseLighterFrameReference(text, receivedTs);
}

/** Position of the first non-whitespace character at or after p. */
function ws(s: string, p: number): number {
  let c = s.charCodeAt(p);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++p);
  return p;
}

/** After a key's closing quote: whitespace, ':', whitespace; returns the value's position. */
function colon(s: string, p: number): number {
  if (s.charCodeAt(p) !== 58) { // ':' right after the key is the usual spelling
    p = ws(s, p);
    if (s.charCodeAt(p) !== 58) throw FALLBACK;
  }
  const c = s.charCodeAt(++p);
  return c === 32 || c === 10 || c === 13 || c === 9 ? ws(s, p) : p;
}

/** After a member or element: 1 past a ',' (and the whitespace after it), or -1 past `close`. */
function next(s: string, p: number, close: number): number {
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
function plainEnd(s: string, p: number): number {
  for (;;) {
    const c = s.charCodeAt(p);
    if (c === 34) return p;
    if (c === 92 || c < 32 || c !== c) throw FALLBACK; // backslash, control char, or end (NaN)
    p++;
  }
}

/** Any JSON string at p (its opening quote), escapes validated, value not kept. */
function skipString(s: string, p: number): number {
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

const isDigit = (c: number) => c >= 48 && c <= 57;

/** A JSON number token (strict grammar) at p; its value goes to numVal. */
function number(s: string, p: number): number {
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

function literal(s: string, p: number, word: string): number {
  if (!s.startsWith(word, p)) throw FALLBACK;
  return p + word.length;
}

/** Any JSON value at p, grammar checked, nothing built. */
function skipValue(s: string, p: number, depth: number): number {
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
const otherKey = (s: string, p: number) => colon(s, plainEnd(s, p) + 1);

/** `{` at p, then members until `}`; returns the position after it. */
function scanBook(s: string, p: number): number {
  if (s.charCodeAt(p) !== 123) throw FALLBACK;
  p = ws(s, p + 1);
  if (s.charCodeAt(p) === 125) return p + 1;
  for (;;) {
    if (s.charCodeAt(p) !== 34) throw FALLBACK;
    const k = p + 1;
    const c0 = s.charCodeAt(k);
    if (c0 === 97 && s.charCodeAt(k + 1) === 115 && s.charCodeAt(k + 2) === 107 && s.charCodeAt(k + 3) === 115 &&
      s.charCodeAt(k + 4) === 34) { // asks"
      if (asks !== null) throw FALLBACK; // duplicate key: JSON.parse keeps the last; let it decide
      asks = [];
      p = levels(s, colon(s, k + 5), asks);
    } else if (c0 === 98 && s.charCodeAt(k + 1) === 105 && s.charCodeAt(k + 2) === 100 && s.charCodeAt(k + 3) === 115 &&
      s.charCodeAt(k + 4) === 34) { // bids"
      if (bids !== null) throw FALLBACK;
      bids = [];
      p = levels(s, colon(s, k + 5), bids);
    } else if (c0 === 110 && s.charCodeAt(k + 1) === 111 && s.charCodeAt(k + 2) === 110 && s.charCodeAt(k + 3) === 99 &&
      s.charCodeAt(k + 4) === 101 && s.charCodeAt(k + 5) === 34) { // nonce"
      if (hasNonce) throw FALLBACK;
      p = number(s, colon(s, k + 6));
      nonce = numVal;
      hasNonce = true;
    } else if (c0 === 98 &&
      s.charCodeAt(k + 1) === 101 && s.charCodeAt(k + 2) === 103 && s.charCodeAt(k + 3) === 105 && s.charCodeAt(k + 4) === 110 &&
      s.charCodeAt(k + 5) === 95 && s.charCodeAt(k + 6) === 110 && s.charCodeAt(k + 7) === 111 && s.charCodeAt(k + 8) === 110 &&
      s.charCodeAt(k + 9) === 99 && s.charCodeAt(k + 10) === 101 && s.charCodeAt(k + 11) === 34) { // begin_nonce"
      if (hasBegin) throw FALLBACK;
      p = number(s, colon(s, k + 12));
      beginNonce = numVal;
      hasBegin = true;
    } else p = skipValue(s, otherKey(s, k), 2);
    p = next(s, p, 125);
    if (p < 0) return -p;
  }
}

/**
 * A price or size string at p, into decStr; FALLBACK when it is not a valid decimal (or not
 * positive, for a price). Plain spellings are checked in one scan without conversion; others
 * (exponent) go through decimalValue().
 */
function decimal(s: string, p: number, isPrice: boolean): number {
  if (s.charCodeAt(p) !== 34) throw FALLBACK;
  let e = plainDecimalEnd(s, p + 1, isPrice);
  if (e >= 0) {
    decStr = s.slice(p + 1, e);
    return e + 1;
  }
  e = plainEnd(s, p + 1);
  const value = s.slice(p + 1, e);
  const v = decimalValue(value);
  if (!(isPrice ? v > 0 : v >= 0)) throw FALLBACK;
  decStr = value;
  return e + 1;
}

/** One level object `{price, size, ...}` at p in any spelling; pushes price and size. */
function level(s: string, p: number, out: string[]): number {
  if (s.charCodeAt(p) !== 123) throw FALLBACK;
  let price: string | null = null;
  let size: string | null = null;
  p = ws(s, p + 1);
  if (s.charCodeAt(p) !== 125) {
    for (;;) {
      if (s.charCodeAt(p) !== 34) throw FALLBACK;
      const k = p + 1;
      if (
        s.charCodeAt(k) === 112 && s.charCodeAt(k + 1) === 114 && s.charCodeAt(k + 2) === 105 && s.charCodeAt(k + 3) === 99 &&
        s.charCodeAt(k + 4) === 101 && s.charCodeAt(k + 5) === 34) { // price"
        if (price !== null) throw FALLBACK;
        p = decimal(s, colon(s, k + 6), true);
        price = decStr;
      } else if (
        s.charCodeAt(k) === 115 && s.charCodeAt(k + 1) === 105 && s.charCodeAt(k + 2) === 122 && s.charCodeAt(k + 3) === 101 &&
        s.charCodeAt(k + 4) === 34) { // size"
        if (size !== null) throw FALLBACK;
        p = decimal(s, colon(s, k + 5), false);
        size = decStr;
      } else p = skipValue(s, otherKey(s, k), 4);
      p = next(s, p, 125);
      if (p < 0) { p = -p; break; }
    }
  } else p++;
  if (price === null || size === null) throw FALLBACK;
  if (++levelCount > MAX_LEVELS_PER_FRAME) throw FALLBACK;
  out.push(price, size);
  return p;
}

/**
 * `[{price,size},...]` at p → flat `[price, size, ...]` in out, every level validated. Levels in
 * the venue's exact spelling `{"price":"…","size":"…"}` (no spaces, plain decimals) are read
 * inline with locals only, the hot loop of the whole parser; any other goes through level().
 */
function levels(s: string, p: number, out: string[]): number {
  if (s.charCodeAt(p) !== 91) throw FALLBACK;
  p = ws(s, p + 1);
  if (s.charCodeAt(p) === 93) return p + 1;
  for (;;) {
    // '{"price":"' and '","size":"' spelled out: a loop over a literal costs more here.
    let q = -1;
    if (s.charCodeAt(p) === 123 && s.charCodeAt(p + 1) === 34 && s.charCodeAt(p + 2) === 112 &&
      s.charCodeAt(p + 3) === 114 && s.charCodeAt(p + 4) === 105 && s.charCodeAt(p + 5) === 99 &&
      s.charCodeAt(p + 6) === 101 && s.charCodeAt(p + 7) === 34 && s.charCodeAt(p + 8) === 58 &&
      s.charCodeAt(p + 9) === 34) {
      const pe = plainDecimalEnd(s, p + 10, true);
      if (pe >= 0 && s.charCodeAt(pe + 1) === 44 && s.charCodeAt(pe + 2) === 34 &&
        s.charCodeAt(pe + 3) === 115 && s.charCodeAt(pe + 4) === 105 && s.charCodeAt(pe + 5) === 122 &&
        s.charCodeAt(pe + 6) === 101 && s.charCodeAt(pe + 7) === 34 && s.charCodeAt(pe + 8) === 58 &&
        s.charCodeAt(pe + 9) === 34) {
        const se = plainDecimalEnd(s, pe + 10, false);
        if (se >= 0 && s.charCodeAt(se + 1) === 125) { // '}'
          if (++levelCount > MAX_LEVELS_PER_FRAME) throw FALLBACK;
          out.push(s.slice(p + 10, pe), s.slice(pe + 10, se));
          q = se + 2;
        }
      }
    }
    p = next(s, q >= 0 ? q : level(s, p, out), 93);
    if (p < 0) return -p;
  }
}

/** The market id of `order_book:<digits>` between a and b (as marketOfChannel), or -1. */
function channelMarket(s: string, a: number, b: number): number {
  const p = a + 11; // 'order_book:'.length
  if (b - p < 1 || b - p > 9 || !s.startsWith('order_book:', a)) return -1;
  let v = 0;
  for (let i = p; i < b; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

const isSeq = (v: number) => Number.isSafeInteger(v) && v >= 0;
const is = (s: string, a: number, b: number, name: string) => b - a === name.length && s.startsWith(name, a);

/** The frame, or null when the reference parser should decide (invalid or rare frames). */
function scanFrame(s: string, receivedTs: number): LighterFrame | null {
  let typeStart = -1, typeEnd = -1;
  let chanStart = -1, chanEnd = -1;
  let ts = 0, hasTs = false;
  let hasBook = false;
  hasNonce = hasBegin = false;
  nonce = beginNonce = 0;
  bids = asks = null;
  levelCount = 0;
  let p = ws(s, 0);
  if (s.charCodeAt(p) !== 123) throw FALLBACK;
  p = ws(s, p + 1);
  if (s.charCodeAt(p) === 125) p++;
  else for (;;) {
    if (s.charCodeAt(p) !== 34) throw FALLBACK;
    const k = p + 1;
    const c0 = s.charCodeAt(k);
    if (c0 === 116 && s.charCodeAt(k + 1) === 121 && s.charCodeAt(k + 2) === 112 && s.charCodeAt(k + 3) === 101 &&
      s.charCodeAt(k + 4) === 34) { // type"
      if (typeStart >= 0) throw FALLBACK; // duplicate key: JSON.parse keeps the last; let it decide
      p = colon(s, k + 5);
      if (s.charCodeAt(p) !== 34) throw FALLBACK;
      typeStart = p + 1;
      typeEnd = plainEnd(s, typeStart);
      p = typeEnd + 1;
    } else if (c0 === 99 &&
      s.charCodeAt(k + 1) === 104 && s.charCodeAt(k + 2) === 97 && s.charCodeAt(k + 3) === 110 && s.charCodeAt(k + 4) === 110 &&
      s.charCodeAt(k + 5) === 101 && s.charCodeAt(k + 6) === 108 && s.charCodeAt(k + 7) === 34) { // channel"
      if (chanStart >= 0) throw FALLBACK;
      p = colon(s, k + 8);
      if (s.charCodeAt(p) !== 34) throw FALLBACK;
      chanStart = p + 1;
      chanEnd = plainEnd(s, chanStart);
      p = chanEnd + 1;
    } else if (c0 === 116 &&
      s.charCodeAt(k + 1) === 105 && s.charCodeAt(k + 2) === 109 && s.charCodeAt(k + 3) === 101 && s.charCodeAt(k + 4) === 115 &&
      s.charCodeAt(k + 5) === 116 && s.charCodeAt(k + 6) === 97 && s.charCodeAt(k + 7) === 109 && s.charCodeAt(k + 8) === 112 &&
      s.charCodeAt(k + 9) === 34) { // timestamp"
      if (hasTs) throw FALLBACK;
      p = number(s, colon(s, k + 10));
      ts = numVal;
      hasTs = true;
    } else if (c0 === 111 &&
      s.charCodeAt(k + 1) === 114 && s.charCodeAt(k + 2) === 100 && s.charCodeAt(k + 3) === 101 && s.charCodeAt(k + 4) === 114 &&
      s.charCodeAt(k + 5) === 95 && s.charCodeAt(k + 6) === 98 && s.charCodeAt(k + 7) === 111 && s.charCodeAt(k + 8) === 111 &&
      s.charCodeAt(k + 9) === 107 && s.charCodeAt(k + 10) === 34) { // order_book"
      if (hasBook) throw FALLBACK;
      hasBook = true;
      p = scanBook(s, colon(s, k + 11));
    } else p = skipValue(s, otherKey(s, k), 1);
    p = next(s, p, 125);
    if (p < 0) { p = -p; break; }
  }
  if (ws(s, p) !== s.length) throw FALLBACK;
  if (typeStart < 0) return null;
  const kind = is(s, typeStart, typeEnd, 'update/order_book') ? 'delta'
    : is(s, typeStart, typeEnd, 'subscribed/order_book') ? 'snapshot' : null;
  if (kind === null) {
    if (is(s, typeStart, typeEnd, 'ping')) return { type: 'ping' };
    if (is(s, typeStart, typeEnd, 'pong')) return { type: 'pong' };
    if (is(s, typeStart, typeEnd, 'connected')) return { type: 'connected' };
    if (is(s, typeStart, typeEnd, 'error')) return null;
    return { type: 'unknown', name: s.slice(typeStart, typeEnd) };
  }
  if (chanStart < 0 || !hasBook || !hasNonce || !isSeq(nonce)) return null;
  const market = channelMarket(s, chanStart, chanEnd);
  if (market < 0) return null;
  if (hasTs && !(ts >= 0 && ts < Infinity)) return null;
  if (hasBegin ? !isSeq(beginNonce) : kind === 'delta') return null;
  if (kind === 'snapshot' && (bids === null || asks === null)) return null;
  return {
    type: 'book',
    event: {
      kind, market, seq: nonce, prevSeq: hasBegin ? beginNonce : -1, exchangeTs: ts,
      receivedTs, bids: bids ?? [], asks: asks ?? [],
    },
  };
}
