// One Binance USD-M text frame → a VenueFrame, and the REST depth snapshot → a snapshot event.
// No I/O, no state: the symbol → id map and the pending request ids are handed in. Unknown
// fields are ignored; anything malformed is `invalid` (counted, skipped), never thrown.
import type { BookEvent } from '@ob/core';
import { arrayLevels, errorText, isObject, isSeq, MAX_LEVELS_PER_FRAME } from '../shared/levels';
import type { VenueFrame } from '../connection/types';
import { PING_ID } from './messages';

/** A depth event with its first update id `U` beside `seq` (u) and `prevSeq` (pu): the REST sync needs it. */
export interface BinanceDepthEvent extends BookEvent {
  firstSeq: number;
}

export interface BinanceParseContext {
  /** Market id of a symbol (`BTCUSDT`), -1 when we do not stream it. */
  find(symbol: string): number;
  /** The markets a request id named (see messages.ts), or undefined. */
  settle(id: number): number[] | undefined;
}

type Json = Record<string, unknown>;
const invalid = (reason: string): VenueFrame<never> => ({ type: 'invalid', reason });
const PONG: VenueFrame<never> = { type: 'pong' };
const isTs = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

export function parseBinanceFrame(text: string, receivedTs: number, ctx: BinanceParseContext): VenueFrame<BinanceDepthEvent> {
  let msg: unknown;
  try { msg = JSON.parse(text); } catch { return invalid('not JSON'); }
  if (!isObject(msg)) return invalid('not an object');
  // Answers to our requests: {"result":null,"id":1} or {"code":2,"msg":"...","id":1}.
  if ('id' in msg && ('result' in msg || 'code' in msg)) return answer(msg, ctx);
  if (typeof msg.code === 'number') return { type: 'error', code: String(msg.code), message: errorText(msg.msg) };
  // Combined streams wrap the payload: {"stream":"btcusdt@depth@100ms","data":{...}}.
  const payload = typeof msg.stream === 'string' && isObject(msg.data) ? msg.data : msg;
  const e = payload.e;
  if (e === 'depthUpdate') return depthUpdate(payload, receivedTs, ctx);
  if (typeof e === 'string') return { type: 'unknown', name: e.slice(0, 64) };
  return invalid('no event type');
}

function answer(msg: Json, ctx: BinanceParseContext): VenueFrame<BinanceDepthEvent> {
  const id = msg.id;
  if (id === PING_ID) return PONG;
  const markets = isSeq(id) ? ctx.settle(id) : undefined;
  if (typeof msg.code === 'number') {
    const f: VenueFrame<BinanceDepthEvent> = { type: 'error', code: String(msg.code), message: errorText(msg.msg) };
    if (markets?.length === 1) f.market = markets[0]!;
    return f;
  }
  return { type: 'ack', markets: markets ?? [] };
}

function depthUpdate(p: Json, receivedTs: number, ctx: BinanceParseContext): VenueFrame<BinanceDepthEvent> {
  if (typeof p.s !== 'string') return invalid('missing symbol');
  const { U, u, pu } = p;
  if (!isSeq(U) || !isSeq(u) || U > u) return invalid('bad U or u');
  if (!(typeof pu === 'number' && Number.isSafeInteger(pu) && pu >= -1)) return invalid('bad pu');
  const ts = p.E ?? 0;
  if (!isTs(ts)) return invalid('bad E');
  const bids = arrayLevels(p.b);
  const asks = arrayLevels(p.a);
  if (bids === null || asks === null) return invalid('bad level');
  if (bids.keys.length + asks.keys.length > MAX_LEVELS_PER_FRAME) return invalid('too many levels');
  const market = ctx.find(p.s);
  if (market < 0) return { type: 'unknown', name: 'depthUpdate of an unlisted symbol' };
  const event: BinanceDepthEvent = {
    kind: 'delta', market, seq: u, prevSeq: pu, firstSeq: U, exchangeTs: ts, receivedTs,
    bids: bids.flat, asks: asks.flat, bidKeys: bids.keys, askKeys: asks.keys,
  };
  return { type: 'book', event };
}

/** GET /fapi/v1/depth → a snapshot event at `lastUpdateId`, or the reason it is not one. */
export function parseDepthSnapshot(body: unknown, market: number, receivedTs: number): BinanceDepthEvent | string {
  if (!isObject(body)) return 'body is not an object';
  const last = body.lastUpdateId;
  if (!isSeq(last)) return 'bad lastUpdateId';
  const ts = body.E ?? 0;
  if (!isTs(ts)) return 'bad E';
  const bids = arrayLevels(body.bids);
  const asks = arrayLevels(body.asks);
  if (bids === null || asks === null) return 'bad level';
  if (bids.keys.length + asks.keys.length > MAX_LEVELS_PER_FRAME) return 'too many levels';
  return {
    kind: 'snapshot', market, seq: last, prevSeq: -1, firstSeq: last, exchangeTs: ts, receivedTs,
    bids: bids.flat, asks: asks.flat, bidKeys: bids.keys, askKeys: asks.keys,
  };
}
