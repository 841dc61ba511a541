// The fast Lighter parser: one pass over the frame text with charCodeAt, extracting only what a
// book needs (type, channel, timestamp, nonce, begin_nonce, price/size strings) and validating
// the JSON grammar of everything else without building it. Whenever it meets something it does
// not handle itself (escapes in a key or in a string it needs, duplicate keys, bad grammar,
// invalid values, error frames) it throws FALLBACK and the reference parser decides, so the two
// always agree.
//
// Keys may come in any order (the venue's order is not documented): each member's key is
// recognised by its first character and then compared in place char by char (about 3x cheaper
// than startsWith here), closing quote included, so no key is copied or scanned twice. The JSON
// grammar itself (whitespace, strings, numbers, skipped values) is in json-scan.ts.
//
// Each level's price is converted in the scan that validates it (plainPrice), and handed on
// as BookEvent.bidKeys/askKeys with the strings, so the book does not scan them again.
import type { LighterFrame } from './frames';
import { decimalValue, plainPrice, plainSizeEnd, priceEnd, sizeNonzero } from './decimal';
import { FALLBACK, colon, isDigit, next, number, numVal, otherKey, plainEnd, skipValue, ws } from './json-scan';
import { MAX_LEVELS_PER_FRAME, parseLighterFrameReference } from './parse-reference';
import { keepStringPrototypeFast } from './string-proto';

export { MAX_SKIP_DEPTH } from './json-scan';

/** Frames between two keepStringPrototypeFast() calls (a power of two minus one, as a mask). */
const STRING_PROTO_CHECK_MASK = 0xffff;
let frames = 0;

// Results of the frame being scanned that do not fit a returned position. Parsing is
// synchronous, so no two frames ever share them.
let levelCount = 0;
/** The last decimal() read, and its value (a size: 0 when zero, else some other number). */
let decStr = '';
let decVal = 0;
let nonce = 0, hasNonce = false;
let beginNonce = 0, hasBegin = false;
let bids: string[] | null = null;
let asks: string[] | null = null;
let bidKeys: number[] | null = null;
let askKeys: number[] | null = null;
/** Keys of the side being read; null until its first level (see addKey). */
let sideKeys: number[] | null = null;

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
  bidKeys = askKeys = null;
  decStr = '';
  return frame ?? parseLighterFrameReference(text, receivedTs);
}

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
      sideKeys = null;
      p = levels(s, colon(s, k + 5), asks);
      askKeys = sideKeys ?? [];
    } else if (c0 === 98 && s.charCodeAt(k + 1) === 105 && s.charCodeAt(k + 2) === 100 && s.charCodeAt(k + 3) === 115 &&
      s.charCodeAt(k + 4) === 34) { // bids"
      if (bids !== null) throw FALLBACK;
      bids = [];
      sideKeys = null;
      p = levels(s, colon(s, k + 5), bids);
      bidKeys = sideKeys ?? [];
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
 * A price or size string at p, into decStr and decVal; FALLBACK when it is not a valid decimal
 * (or not positive, for a price). Plain spellings are checked and converted in one scan; others
 * (exponent) go through decimalValue().
 */
function decimal(s: string, p: number, isPrice: boolean): number {
  if (s.charCodeAt(p) !== 34) throw FALLBACK;
  if (isPrice) {
    const v = plainPrice(s, p + 1);
    if (v !== -1) {
      decStr = s.slice(p + 1, priceEnd);
      decVal = v === v ? v : +decStr; // NaN: more than 15 digits
      return priceEnd + 1;
    }
  } else {
    const e = plainSizeEnd(s, p + 1);
    if (e >= 0) {
      decStr = s.slice(p + 1, e);
      decVal = sizeNonzero;
      return e + 1;
    }
  }
  const e = plainEnd(s, p + 1);
  const value = s.slice(p + 1, e);
  const v = decimalValue(value);
  if (!(isPrice ? v > 0 : v >= 0)) throw FALLBACK;
  decStr = value;
  decVal = v;
  return e + 1;
}

/** One level object `{price, size, ...}` at p in any spelling; pushes price and size, and its key. */
function level(s: string, p: number, out: string[]): number {
  if (s.charCodeAt(p) !== 123) throw FALLBACK;
  let price: string | null = null;
  let size: string | null = null;
  let priceVal = 0;
  let sizeVal = 0;
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
        priceVal = decVal;
      } else if (
        s.charCodeAt(k) === 115 && s.charCodeAt(k + 1) === 105 && s.charCodeAt(k + 2) === 122 && s.charCodeAt(k + 3) === 101 &&
        s.charCodeAt(k + 4) === 34) { // size"
        if (size !== null) throw FALLBACK;
        p = decimal(s, colon(s, k + 5), false);
        size = decStr;
        sizeVal = decVal;
      } else p = skipValue(s, otherKey(s, k), 4);
      p = next(s, p, 125);
      if (p < 0) { p = -p; break; }
    }
  } else p++;
  if (price === null || size === null) throw FALLBACK;
  if (++levelCount > MAX_LEVELS_PER_FRAME) throw FALLBACK;
  out.push(price, size);
  addKey(sizeVal === 0 ? -priceVal : priceVal);
  return p;
}

/**
 * Adds a level's key (BookEvent.bidKeys: the price, negated for a zero size) to sideKeys. The
 * side's array is made at its first key, as `[k]`: that is born with double elements and room
 * for it, where a push onto `[]` pays a store growth first (measured: ~140 instructions a frame).
 */
function addKey(k: number): void {
  if (sideKeys === null) sideKeys = [k];
  else sideKeys.push(k);
}

/**
 * `[{price,size},...]` at p → flat `[price, size, ...]` in out and one key per level in
 * sideKeys, every level validated. Levels in the venue's exact spelling
 * `{"price":"…","size":"…"}` (no spaces, plain decimals) are read inline with locals only, the
 * hot loop of the whole parser; any other goes through level().
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
      const pv = plainPrice(s, p + 10);
      const pe = priceEnd;
      if (pv !== -1 && s.charCodeAt(pe + 1) === 44 && s.charCodeAt(pe + 2) === 34 &&
        s.charCodeAt(pe + 3) === 115 && s.charCodeAt(pe + 4) === 105 && s.charCodeAt(pe + 5) === 122 &&
        s.charCodeAt(pe + 6) === 101 && s.charCodeAt(pe + 7) === 34 && s.charCodeAt(pe + 8) === 58 &&
        s.charCodeAt(pe + 9) === 34) {
        const se = plainSizeEnd(s, pe + 10);
        if (se >= 0 && s.charCodeAt(se + 1) === 125) { // '}'
          if (++levelCount > MAX_LEVELS_PER_FRAME) throw FALLBACK;
          const price = s.slice(p + 10, pe);
          out.push(price, s.slice(pe + 10, se));
          const v = pv === pv ? pv : +price; // NaN: more than 15 digits
          addKey(sizeNonzero === 0 ? -v : v);
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
      receivedTs, bids: bids ?? [], asks: asks ?? [], bidKeys: bidKeys ?? [], askKeys: askKeys ?? [],
    },
  };
}
