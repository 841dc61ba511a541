// One OKX v5 public text frame → a VenueFrame. No I/O, no state: the instId → id map is handed
// in. Unknown fields are ignored; anything malformed is `invalid` (counted, skipped), never thrown.
import type { BookEvent } from '@ob/core';
import { arrayLevels, errorText, isObject, isSeq, MAX_LEVELS_PER_FRAME } from '../shared/levels';
import type { VenueFrame } from '../connection/types';
import { BOOK_CHANNEL, PING, PONG } from './limits';

/** A `books` event with the venue's checksum of the book after it (0: not sent, not verified). */
export interface OkxBookEvent extends BookEvent {
  checksum: number;
}

export interface OkxParseContext {
  /** Market id of an instId (`BTC-USDT-SWAP`), -1 when we do not stream it. */
  find(instId: string): number;
}

type Json = Record<string, unknown>;
const invalid = (reason: string): VenueFrame<never> => ({ type: 'invalid', reason });
const isInt32 = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 31;
const TS_RE = /^\d{1,16}$/;

export function parseOkxFrame(text: string, receivedTs: number, ctx: OkxParseContext): VenueFrame<OkxBookEvent> {
  // The keepalive answer is the bare text, not JSON.
  if (text === PONG) return { type: 'pong' };
  if (text === PING) return { type: 'ping', reply: PONG };
  let msg: unknown;
  try { msg = JSON.parse(text); } catch { return invalid('not JSON'); }
  if (!isObject(msg)) return invalid('not an object');
  if (typeof msg.event === 'string') return event(msg, ctx);
  const arg = msg.arg;
  if (!isObject(arg) || typeof arg.channel !== 'string') return invalid('no event and no arg.channel');
  if (arg.channel !== BOOK_CHANNEL) return { type: 'unknown', name: `channel ${arg.channel.slice(0, 40)}` };
  return book(msg, arg, receivedTs, ctx);
}

function event(msg: Json, ctx: OkxParseContext): VenueFrame<OkxBookEvent> {
  const e = msg.event as string;
  if (e === 'subscribe' || e === 'unsubscribe') {
    const instId = isObject(msg.arg) ? msg.arg.instId : undefined;
    const id = typeof instId === 'string' ? ctx.find(instId) : -1;
    return { type: 'ack', markets: id >= 0 ? [id] : [] };
  }
  // 'error' (a refused request) and 'notice' (64008: the connection closes soon for an upgrade).
  if (e === 'error' || e === 'notice') {
    const code = typeof msg.code === 'string' || typeof msg.code === 'number' ? String(msg.code) : e;
    return { type: 'error', code, message: errorText(msg.msg) };
  }
  return { type: 'unknown', name: `event ${e.slice(0, 40)}` };
}

function book(msg: Json, arg: Json, receivedTs: number, ctx: OkxParseContext): VenueFrame<OkxBookEvent> {
  const action = msg.action;
  if (action !== 'snapshot' && action !== 'update') return invalid('bad action');
  if (typeof arg.instId !== 'string') return invalid('missing instId');
  const data = msg.data;
  if (!Array.isArray(data) || data.length !== 1 || !isObject(data[0])) return invalid('data is not one book');
  const d = data[0];
  const kind = action === 'snapshot' ? 'snapshot' : 'delta';
  if (!isSeq(d.seqId)) return invalid('bad seqId');
  const prev = d.prevSeqId;
  if (!(typeof prev === 'number' && Number.isSafeInteger(prev) && prev >= -1)) return invalid('bad prevSeqId');
  const checksum = d.checksum ?? 0;
  if (!isInt32(checksum)) return invalid('bad checksum');
  let ts = 0;
  if (d.ts !== undefined) {
    if (typeof d.ts !== 'string' || !TS_RE.test(d.ts)) return invalid('bad ts');
    ts = Number(d.ts);
  }
  // An update may leave out an unchanged side; a snapshot without one would silently empty it.
  const bids = arrayLevels(d.bids === undefined && kind === 'delta' ? [] : d.bids);
  const asks = arrayLevels(d.asks === undefined && kind === 'delta' ? [] : d.asks);
  if (bids === null || asks === null) return invalid('bad level');
  if (bids.keys.length + asks.keys.length > MAX_LEVELS_PER_FRAME) return invalid('too many levels');
  const market = ctx.find(arg.instId);
  if (market < 0) return { type: 'unknown', name: 'books of an unlisted instrument' };
  const ev: OkxBookEvent = {
    kind, market, seq: d.seqId, prevSeq: prev, checksum, exchangeTs: ts, receivedTs,
    bids: bids.flat, asks: asks.flat, bidKeys: bids.keys, askKeys: asks.keys,
  };
  return { type: 'book', event: ev };
}
