// The fast Lighter parser: one pass over the frame text with charCodeAt, extracting only what a
// book needs (type, channel, timestamp, nonce, begin_nonce, price/size strings) and validating
// the JSON grammar of everything else without building it. Whenever it meets something it does
// not handle itself (escapes in a string it needs, duplicate keys, bad grammar, invalid values,
// error frames) it throws FALLBACK and the reference parser decides, so the two always agree.
import type { LighterFrame } from './frames';
import { decimalValue, plainDecimalEnd } from './decimal';
import { MAX_LEVELS_PER_FRAME, parseLighterFrameReference } from './parse-reference';

/** Unknown nested values deeper than this are left to JSON.parse (and keep our recursion shallow). */
export const MAX_SKIP_DEPTH = 64;

const FALLBACK = { fallback: true };
const MAX_LEVELS = MAX_LEVELS_PER_FRAME;

// Scanner state for the frame being parsed: module-level so the helpers stay small and
// monomorphic. Parsing is synchronous, so no two frames ever share it.
let src = '';
let pos = 0;
let end = 0;
/** Bounds of the last string read by plainString(). */
let strStart = 0;
let strEnd = 0;
let levelCount = 0;

export function parseLighterFrameFast(text: string, receivedTs: number): LighterFrame {
  src = text;
  pos = 0;
  end = text.length;
  levelCount = 0;
  let frame: LighterFrame | null = null;
  try {
    frame = scanFrame(receivedTs);
  } catch {
    // FALLBACK, or anything unforeseen (e.g. stack overflow): the reference parser decides.
  }
  src = '';
  return frame ?? parseLighterFrameReference(text, receivedTs);
}

function skipWs(): void {
  let c = src.charCodeAt(pos);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = src.charCodeAt(++pos);
}

/** Skips whitespace, then consumes `ch` or gives up. */
function expect(ch: number): void {
  skipWs();
  if (src.charCodeAt(pos) !== ch) throw FALLBACK;
  pos++;
}

/** A string we need the value of: no escapes (those go to JSON.parse). Sets strStart/strEnd. */
function plainString(): void {
  if (src.charCodeAt(pos) !== 34) throw FALLBACK;
  const start = ++pos;
  for (;;) {
    const c = src.charCodeAt(pos);
    if (c === 34) break;
    if (c === 92 || c < 32 || c !== c) throw FALLBACK; // backslash, control char, or end (NaN)
    pos++;
  }
  strStart = start;
  strEnd = pos++;
}

/** Any JSON string, escapes validated, value not kept. */
function skipString(): void {
  if (src.charCodeAt(pos) !== 34) throw FALLBACK;
  pos++;
  for (;;) {
    const c = src.charCodeAt(pos++);
    if (c === 34) return;
    if (c === 92) {
      const e = src.charCodeAt(pos++);
      if (e === 117) { // \uXXXX
        for (let k = 0; k < 4; k++) {
          const h = src.charCodeAt(pos++) | 32;
          if (!((h >= 48 && h <= 57) || (h >= 97 && h <= 102))) throw FALLBACK;
        }
      } else if (!(e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116)) {
        throw FALLBACK;
      }
    } else if (c < 32 || c !== c) throw FALLBACK;
  }
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** A JSON number token (strict grammar), returned as a number. */
function number(): number {
  const s = src;
  const start = pos;
  let p = pos;
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
    pos = p;
    return neg ? -v : v;
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
  pos = p;
  return +s.slice(start, p);
}

function literal(word: string): void {
  if (!src.startsWith(word, pos)) throw FALLBACK;
  pos += word.length;
}

/** Any JSON value, grammar checked, nothing built. */
function skipValue(depth: number): void {
  skipWs();
  const c = src.charCodeAt(pos);
  if (c === 34) skipString();
  else if (c === 123) { // '{'
    if (depth >= MAX_SKIP_DEPTH) throw FALLBACK;
    pos++;
    skipWs();
    if (src.charCodeAt(pos) === 125) { pos++; return; }
    for (;;) {
      skipWs();
      skipString();
      expect(58); // ':'
      skipValue(depth + 1);
      skipWs();
      const d = src.charCodeAt(pos++);
      if (d === 125) return;
      if (d !== 44) throw FALLBACK;
    }
  } else if (c === 91) { // '['
    if (depth >= MAX_SKIP_DEPTH) throw FALLBACK;
    pos++;
    skipWs();
    if (src.charCodeAt(pos) === 93) { pos++; return; }
    for (;;) {
      skipValue(depth + 1);
      skipWs();
      const d = src.charCodeAt(pos++);
      if (d === 93) return;
      if (d !== 44) throw FALLBACK;
    }
  } else if (c === 116) literal('true');
  else if (c === 102) literal('false');
  else if (c === 110) literal('null');
  else number();
}

/** Is the key just read by plainString() exactly `name`? (char loop: cheaper than startsWith here) */
function keyIs(name: string): boolean {
  const n = name.length;
  if (strEnd - strStart !== n) return false;
  for (let k = 0; k < n; k++) if (src.charCodeAt(strStart + k) !== name.charCodeAt(k)) return false;
  return true;
}

/** After a member value: true on `,` (another member follows), false on the closing `close`. */
function next(close: number): boolean {
  skipWs();
  const d = src.charCodeAt(pos++);
  if (d === 44) return true;
  if (d !== close) throw FALLBACK;
  return false;
}

/** Reads a key and its colon, leaving pos at the value. */
function key(): void {
  skipWs();
  plainString();
  expect(58); // ':'
  skipWs();
}

/** Opens an object or array; false when it is empty (and consumed). */
function open(ch: number): boolean {
  expect(ch);
  skipWs();
  if (src.charCodeAt(pos) === ch + 2) { pos++; return false; } // '}' = '{' + 2, ']' = '[' + 2
  return true;
}

// Fields of the frame being scanned (reset by scanFrame).
let typeStart = -1, typeEnd = -1;
let chanStart = -1, chanEnd = -1;
let ts = 0, hasTs = false;
let hasBook = false;
let nonce = 0, hasNonce = false;
let beginNonce = 0, hasBegin = false;
let bids: string[] | null = null;
let asks: string[] | null = null;

function scanTop(): void {
  if (!open(123)) return;
  do {
    key();
    if (keyIs('type')) {
      if (typeStart >= 0) throw FALLBACK; // duplicate key: JSON.parse keeps the last; let it decide
      plainString();
      typeStart = strStart; typeEnd = strEnd;
    } else if (keyIs('channel')) {
      if (chanStart >= 0) throw FALLBACK;
      plainString();
      chanStart = strStart; chanEnd = strEnd;
    } else if (keyIs('timestamp')) {
      if (hasTs) throw FALLBACK;
      ts = number();
      hasTs = true;
    } else if (keyIs('order_book')) {
      if (hasBook) throw FALLBACK;
      hasBook = true;
      scanBook();
    } else skipValue(1);
  } while (next(125));
}

function scanBook(): void {
  if (!open(123)) return;
  do {
    key();
    if (keyIs('nonce')) {
      if (hasNonce) throw FALLBACK;
      nonce = number();
      hasNonce = true;
    } else if (keyIs('begin_nonce')) {
      if (hasBegin) throw FALLBACK;
      beginNonce = number();
      hasBegin = true;
    } else if (keyIs('bids')) {
      if (bids !== null) throw FALLBACK;
      bids = levels();
    } else if (keyIs('asks')) {
      if (asks !== null) throw FALLBACK;
      asks = levels();
    } else skipValue(2);
  } while (next(125));
}

/**
 * A price or size string at pos, or null when it is not a valid decimal (or not positive, for a
 * price). Plain spellings are checked in one scan without conversion; others (exponent,
 * escapes) go through plainString() and decimalValue().
 */
function decimal(isPrice: boolean): string | null {
  if (src.charCodeAt(pos) !== 34) throw FALLBACK;
  const e = plainDecimalEnd(src, pos + 1, isPrice);
  if (e >= 0) {
    const value = src.slice(pos + 1, e);
    pos = e + 1;
    return value;
  }
  plainString();
  const value = src.slice(strStart, strEnd);
  const v = decimalValue(value);
  return (isPrice ? v > 0 : v >= 0) ? value : null;
}

/**
 * Reads levels in the venue's exact spelling, `{"price":"…","size":"…"}` with no spaces, using
 * locals only (the hot loop of the whole parser). Stops at the first level spelled otherwise,
 * leaving pos at its start for the general loop. Returns true when it consumed the closing `]`.
 */
function canonicalLevels(out: string[]): boolean {
  const s = src;
  let p = pos;
  for (;;) {
    // '{"price":"' and '","size":"' spelled out: a loop over a literal costs more here.
    if (s.charCodeAt(p) !== 123 || s.charCodeAt(p + 1) !== 34 || s.charCodeAt(p + 2) !== 112 ||
      s.charCodeAt(p + 3) !== 114 || s.charCodeAt(p + 4) !== 105 || s.charCodeAt(p + 5) !== 99 ||
      s.charCodeAt(p + 6) !== 101 || s.charCodeAt(p + 7) !== 34 || s.charCodeAt(p + 8) !== 58 ||
      s.charCodeAt(p + 9) !== 34) break;
    const pe = plainDecimalEnd(s, p + 10, true);
    if (pe < 0 || s.charCodeAt(pe) !== 34 || s.charCodeAt(pe + 1) !== 44 || s.charCodeAt(pe + 2) !== 34 ||
      s.charCodeAt(pe + 3) !== 115 || s.charCodeAt(pe + 4) !== 105 || s.charCodeAt(pe + 5) !== 122 ||
      s.charCodeAt(pe + 6) !== 101 || s.charCodeAt(pe + 7) !== 34 || s.charCodeAt(pe + 8) !== 58 ||
      s.charCodeAt(pe + 9) !== 34) break;
    const se = plainDecimalEnd(s, pe + 10, false);
    if (se < 0 || s.charCodeAt(se + 1) !== 125) break; // '}'
    const c = s.charCodeAt(se + 2);
    if (c !== 44 && c !== 93) break; // ',' | ']'
    if (++levelCount > MAX_LEVELS) throw FALLBACK;
    out.push(s.slice(p + 10, pe), s.slice(pe + 10, se));
    p = se + 3;
    if (c === 93) { pos = p; return true; }
  }
  pos = p;
  return false;
}

/** `[{price,size},...]` → flat `[price, size, ...]`, every level validated. */
function levels(): string[] {
  const out: string[] = [];
  if (!open(91) || canonicalLevels(out)) return out;
  do {
    let price: string | null = null;
    let size: string | null = null;
    let more = open(123);
    while (more) {
      key();
      if (keyIs('price')) {
        if (price !== null) throw FALLBACK;
        if ((price = decimal(true)) === null) throw FALLBACK;
      } else if (keyIs('size')) {
        if (size !== null) throw FALLBACK;
        if ((size = decimal(false)) === null) throw FALLBACK;
      } else skipValue(4);
      more = next(125);
    }
    if (price === null || size === null) throw FALLBACK;
    if (++levelCount > MAX_LEVELS) throw FALLBACK;
    out.push(price, size);
  } while (next(93));
  return out;
}

const typeIs = (name: string) => typeEnd - typeStart === name.length && src.startsWith(name, typeStart);

/** The market id of `order_book:<digits>` (as marketOfChannel), or -1. */
function channelMarket(): number {
  const p = chanStart + 11; // 'order_book:'.length
  if (!src.startsWith('order_book:', chanStart) || chanEnd - p < 1 || chanEnd - p > 9) return -1;
  let v = 0;
  for (let i = p; i < chanEnd; i++) {
    const c = src.charCodeAt(i);
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

const isSeq = (v: number) => Number.isSafeInteger(v) && v >= 0;

/** The frame, or null when the reference parser should decide (invalid or rare frames). */
function scanFrame(receivedTs: number): LighterFrame | null {
  typeStart = typeEnd = chanStart = chanEnd = -1;
  hasTs = hasBook = hasNonce = hasBegin = false;
  ts = nonce = beginNonce = 0;
  bids = asks = null;
  skipWs();
  scanTop();
  skipWs();
  if (pos !== end) throw FALLBACK;
  if (typeStart < 0) return null;
  const kind = typeIs('update/order_book') ? 'delta' : typeIs('subscribed/order_book') ? 'snapshot' : null;
  if (kind === null) {
    if (typeIs('ping')) return { type: 'ping' };
    if (typeIs('pong')) return { type: 'pong' };
    if (typeIs('connected')) return { type: 'connected' };
    if (typeIs('error')) return null;
    return { type: 'unknown', name: src.slice(typeStart, typeEnd) };
  }
  if (chanStart < 0 || !hasBook || !hasNonce || !isSeq(nonce)) return null;
  const market = channelMarket();
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
