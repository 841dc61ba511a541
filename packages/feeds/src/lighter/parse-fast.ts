// The fast Lighter parser: one pass over the frame text with charCodeAt, extracting only what a
// book needs (type, channel, timestamp, nonce, begin_nonce, price/size strings) and validating
// the JSON grammar of everything else without building it. Whenever it meets something it does
// not handle itself (escapes in a string it needs, duplicate keys, bad grammar, invalid values,
// error frames) it throws FALLBACK and the reference parser decides, so the two always agree.
import type { LighterFrame } from './frames';
import { decimalValue } from './decimal';
import { MAX_LEVELS_PER_FRAME, parseLighterFrameReference } from './parse-reference';

/** Unknown nested values deeper than this are left to JSON.parse (and keep our recursion shallow). */
export const MAX_SKIP_DEPTH = 64;

const FALLBACK = { fallback: true };

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

/** Is the last plainString() exactly `name`? */
const strIs = (name: string) => strEnd - strStart === name.length && src.startsWith(name, strStart);

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
  const start = pos;
  let c = src.charCodeAt(pos);
  if (c === 45) c = src.charCodeAt(++pos); // '-'
  if (c === 48) c = src.charCodeAt(++pos); // a leading 0 stands alone
  else if (isDigit(c)) { do c = src.charCodeAt(++pos); while (isDigit(c)); }
  else throw FALLBACK;
  let simple = pos - start <= 15; // an integer this short is exact as we accumulate it
  if (c === 46) { // '.'
    simple = false;
    if (!isDigit(src.charCodeAt(++pos))) throw FALLBACK;
    do c = src.charCodeAt(++pos); while (isDigit(c));
  }
  if (c === 101 || c === 69) { // 'e' | 'E'
    simple = false;
    c = src.charCodeAt(++pos);
    if (c === 43 || c === 45) c = src.charCodeAt(++pos);
    if (!isDigit(c)) throw FALLBACK;
    do c = src.charCodeAt(++pos); while (isDigit(c));
  }
  if (!simple) return +src.slice(start, pos);
  let i = start;
  const neg = src.charCodeAt(i) === 45;
  if (neg) i++;
  let v = 0;
  for (; i < pos; i++) v = v * 10 + (src.charCodeAt(i) - 48);
  return neg ? -v : v;
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

/**
 * Walks the members of an object whose `{` is at pos, calling `member` with the key in
 * strStart/strEnd and pos at the value; `member` consumes the value.
 */
function members(member: () => void): void {
  expect(123);
  skipWs();
  if (src.charCodeAt(pos) === 125) { pos++; return; }
  for (;;) {
    skipWs();
    plainString();
    expect(58);
    skipWs();
    member();
    skipWs();
    const d = src.charCodeAt(pos++);
    if (d === 125) return;
    if (d !== 44) throw FALLBACK;
  }
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
// Current level while scanning one {price,size} object.
let price: string | null = null;
let size: string | null = null;

function topMember(): void {
  if (strIs('type')) {
    if (typeStart >= 0) throw FALLBACK; // duplicate key: JSON.parse keeps the last; let it
    plainString();
    typeStart = strStart; typeEnd = strEnd;
  } else if (strIs('channel')) {
    if (chanStart >= 0) throw FALLBACK;
    plainString();
    chanStart = strStart; chanEnd = strEnd;
  } else if (strIs('timestamp')) {
    if (hasTs) throw FALLBACK;
    ts = number();
    hasTs = true;
  } else if (strIs('order_book')) {
    if (hasBook) throw FALLBACK;
    hasBook = true;
    members(bookMember);
  } else skipValue(1);
}

function bookMember(): void {
  if (strIs('nonce')) {
    if (hasNonce) throw FALLBACK;
    nonce = number();
    hasNonce = true;
  } else if (strIs('begin_nonce')) {
    if (hasBegin) throw FALLBACK;
    beginNonce = number();
    hasBegin = true;
  } else if (strIs('bids')) {
    if (bids !== null) throw FALLBACK;
    bids = levels();
  } else if (strIs('asks')) {
    if (asks !== null) throw FALLBACK;
    asks = levels();
  } else skipValue(2);
}

function levelMember(): void {
  if (strIs('price')) {
    if (price !== null) throw FALLBACK;
    plainString();
    price = src.slice(strStart, strEnd);
  } else if (strIs('size')) {
    if (size !== null) throw FALLBACK;
    plainString();
    size = src.slice(strStart, strEnd);
  } else skipValue(4);
}

/** `[{price,size},...]` → flat `[price, size, ...]`, every level validated. */
function levels(): string[] {
  const out: string[] = [];
  expect(91);
  skipWs();
  if (src.charCodeAt(pos) === 93) { pos++; return out; }
  for (;;) {
    price = null;
    size = null;
    skipWs();
    members(levelMember);
    if (price === null || size === null) throw FALLBACK;
    if (!(decimalValue(price) > 0) || decimalValue(size) < 0) throw FALLBACK;
    if (++levelCount > MAX_LEVELS_PER_FRAME) throw FALLBACK;
    out.push(price, size);
    skipWs();
    const d = src.charCodeAt(pos++);
    if (d === 93) return out;
    if (d !== 44) throw FALLBACK;
  }
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
  members(topMember);
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
