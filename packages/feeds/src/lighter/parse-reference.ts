// The reference Lighter parser: JSON.parse plus strict validation. Slow but obviously right;
// the fast scanner (parse-fast.ts) falls back to it and is tested against it.
import type { BookEvent } from '@ob/core';
import { marketOfChannel, type LighterFrame } from './frames';
import { decimalValue } from './decimal';

/** Bids + asks in one frame; more is refused as absurd (a full Lighter book is a few hundred levels a side). */
export const MAX_LEVELS_PER_FRAME = 10_000;
/** Error texts from the venue are cut to this length before they reach logs. */
export const MAX_ERROR_MESSAGE_CHARS = 200;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const invalid = (reason: string): LighterFrame => ({ type: 'invalid', reason });

export function parseLighterFrameReference(text: string, receivedTs: number): LighterFrame {
  let msg: unknown;
  try { msg = JSON.parse(text); } catch { return invalid('not JSON'); }
  if (!isObject(msg)) return invalid('not an object');
  const type = msg.type;
  // Error frames also come without a type: {"error":{"code":30003,"message":"..."}}.
  if (type === undefined && msg.error !== undefined && (typeof msg.error === 'string' || isObject(msg.error))) return errorFrame(msg);
  if (typeof type !== 'string') return invalid('missing type');
  switch (type) {
    case 'subscribed/order_book': return bookFrame(msg, 'snapshot', receivedTs);
    case 'update/order_book': return bookFrame(msg, 'delta', receivedTs);
    case 'connected': return { type: 'connected' };
    case 'ping': return { type: 'ping' };
    case 'pong': return { type: 'pong' };
    case 'error': return errorFrame(msg);
    default: return { type: 'unknown', name: type };
  }
}

/** The venue's error text wherever it puts it (`message`, `error` or `error.message`). */
export function errorMessage(msg: Json): string {
  const e = msg.error;
  const m = typeof msg.message === 'string' ? msg.message
    : typeof e === 'string' ? e
    : isObject(e) && typeof e.message === 'string' ? e.message
    : 'error';
  return m.slice(0, MAX_ERROR_MESSAGE_CHARS);
}

/** Error codes are small integers (30003 already subscribed, 30009/30010 in flight / rate limited). */
const CODE_RE = /^\d{1,9}$/;
const CHANNEL_IN_TEXT_RE = /order_book[/:](\d{1,9})/;

function errorFrame(msg: Json): LighterFrame {
  const e = isObject(msg.error) ? msg.error : undefined;
  const raw = e?.code ?? msg.code;
  const code = (typeof raw === 'number' && Number.isSafeInteger(raw)) || (typeof raw === 'string' && CODE_RE.test(raw)) ? String(raw) : '';
  const message = errorMessage(msg);
  const channel = typeof msg.channel === 'string' ? msg.channel : typeof e?.channel === 'string' ? e.channel : '';
  const m = CHANNEL_IN_TEXT_RE.exec(channel) ?? CHANNEL_IN_TEXT_RE.exec(message);
  const frame: LighterFrame = { type: 'error', code, message };
  if (m) frame.market = Number(m[1]);
  return frame;
}

const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function bookFrame(msg: Json, kind: BookEvent['kind'], receivedTs: number): LighterFrame {
  if (typeof msg.channel !== 'string') return invalid('missing channel');
  const market = marketOfChannel(msg.channel);
  if (market < 0) return invalid('channel without market id');
  const ts = msg.timestamp;
  if (ts !== undefined && !(typeof ts === 'number' && Number.isFinite(ts) && ts >= 0)) return invalid('bad timestamp');
  const ob = msg.order_book;
  if (!isObject(ob)) return invalid('missing order_book');
  if (!isSeq(ob.nonce)) return invalid('bad nonce');
  let prevSeq = -1;
  if (ob.begin_nonce !== undefined) {
    if (!isSeq(ob.begin_nonce)) return invalid('bad begin_nonce');
    prevSeq = ob.begin_nonce;
  } else if (kind === 'delta') return invalid('missing begin_nonce');
  // A delta may leave out an unchanged side; a snapshot without one would silently empty it.
  const rawBids = ob.bids === undefined && kind === 'delta' ? [] : ob.bids;
  const rawAsks = ob.asks === undefined && kind === 'delta' ? [] : ob.asks;
  if (!Array.isArray(rawBids) || !Array.isArray(rawAsks)) return invalid('missing bids or asks');
  if (rawBids.length + rawAsks.length > MAX_LEVELS_PER_FRAME) return invalid('too many levels');
  const bids = levels(rawBids);
  const asks = levels(rawAsks);
  if (bids === null || asks === null) return invalid('bad level');
  return {
    type: 'book',
    event: {
      kind, market, seq: ob.nonce, prevSeq, exchangeTs: ts ?? 0, receivedTs,
      bids: bids.flat, asks: asks.flat, bidKeys: bids.keys, askKeys: asks.keys,
    },
  };
}

/**
 * `[{price,size},...]` → flat `[price, size, ...]` and one key per level (BookEvent.bidKeys:
 * Number(price), negated for a zero size), or null when any level is not a valid decimal pair.
 */
function levels(raw: unknown[]): { flat: string[]; keys: number[] } | null {
  const flat: string[] = new Array(raw.length * 2);
  const keys: number[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const l = raw[i];
    if (!isObject(l)) return null;
    const { price, size } = l;
    if (typeof price !== 'string' || typeof size !== 'string') return null;
    const p = decimalValue(price); // Number(price) once valid
    const z = decimalValue(size);
    if (!(p > 0) || z < 0) return null;
    flat[2 * i] = price;
    flat[2 * i + 1] = size;
    keys[i] = z === 0 ? -p : p;
  }
  return { flat, keys };
}
