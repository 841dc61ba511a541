// One Bybit v5 public text frame → a VenueFrame. No I/O, no state: symbol → market id comes in
// as `lookup`, and acks are matched by the market ids our req_id carries (messages.ts).
//   book:  {"topic":"orderbook.50.BTCUSDT","type":"snapshot"|"delta","ts":…,"data":{"s","b","a","u","seq"},"cts":…}
//   reply: {"success":true|false,"ret_msg":"…","conn_id":"…","req_id":"…","op":"subscribe"|"unsubscribe"|"ping"}
import type { BookEvent } from '@ob/core';
import type { VenueFrame } from '../connection/types';
import { arrayLevels, isObject, isSeq, MAX_ERROR_MESSAGE_CHARS } from '../shared/levels';
import { marketsOfReqId, TOPIC_PREFIX } from './messages';

export type SymbolLookup = (symbol: string) => number;

const invalid = (reason: string): VenueFrame => ({ type: 'invalid', reason });

/** ms timestamps come as numbers, and in some docs examples as numeric strings: accept both. */
function millis(v: unknown): number | null {
  if (v === undefined) return 0;
  const n = typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : v;
  return isSeq(n) ? n : null;
}

export function parseBybitFrame(text: string, receivedTs: number, lookup: SymbolLookup): VenueFrame {
  let msg: unknown;
  try { msg = JSON.parse(text); } catch { return invalid('not JSON'); }
  if (!isObject(msg)) return invalid('not an object');
  const { topic, op } = msg;
  if (typeof topic === 'string') {
    if (topic.startsWith(TOPIC_PREFIX)) return bookFrame(msg, topic.slice(TOPIC_PREFIX.length), receivedTs, lookup);
    // Other topics (another depth, trades, tickers): named by kind (and depth), never by symbol,
    // so the names counted stay few.
    const first = topic.indexOf('.');
    const kind = first < 0 ? topic : topic.slice(0, first);
    const second = kind === 'orderbook' ? topic.indexOf('.', first + 1) : -1;
    return { type: 'unknown', name: (second < 0 ? kind : topic.slice(0, second)).slice(0, 64) };
  }
  if (typeof op === 'string') return replyFrame(msg, op, lookup);
  return invalid('neither topic nor op');
}

function bookFrame(msg: Record<string, unknown>, symbol: string, receivedTs: number, lookup: SymbolLookup): VenueFrame {
  const { type, data } = msg;
  if (type !== 'snapshot' && type !== 'delta') return invalid('orderbook with bad type');
  if (!isObject(data)) return invalid('orderbook without data');
  if (data.s !== undefined && data.s !== symbol) return invalid('orderbook data.s differs from its topic');
  const u = data.u;
  if (!isSeq(u) || u === 0) return invalid('orderbook with bad u');
  const ts = millis(msg.ts);
  const cts = millis(msg.cts);
  if (ts === null || cts === null) return invalid('orderbook with bad ts or cts');
  // A delta may leave out an unchanged side; a snapshot without one would silently empty it.
  const bids = arrayLevels(data.b === undefined && type === 'delta' ? [] : data.b);
  const asks = arrayLevels(data.a === undefined && type === 'delta' ? [] : data.a);
  if (bids === null || asks === null) return invalid('orderbook with a bad level');
  // u == 1 is the venue's book after a service restart: whole, whatever its type says.
  const kind: BookEvent['kind'] = type === 'snapshot' || u === 1 ? 'snapshot' : 'delta';
  const event: BookEvent = {
    kind, market: lookup(symbol), seq: u, prevSeq: kind === 'delta' ? u - 1 : -1,
    // cts is the matching engine's time of this book state; ts when it was pushed.
    exchangeTs: cts || ts, receivedTs,
    bids: bids.flat, asks: asks.flat, bidKeys: bids.keys, askKeys: asks.keys,
  };
  return { type: 'book', event };
}

/** `error:already subscribed,topic:orderbook.50.BTCUSDT` → code `already-subscribed`, market of the topic. */
function errorOf(retMsg: string, lookup: SymbolLookup): VenueFrame {
  const message = retMsg.slice(0, MAX_ERROR_MESSAGE_CHARS);
  const head = /^error:([^,]{1,60})/.exec(retMsg)?.[1] ?? retMsg.slice(0, 40);
  const code = head.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'error';
  const frame: VenueFrame = { type: 'error', code, message };
  const topic = /topic:(\S+)/.exec(retMsg)?.[1];
  if (topic?.startsWith(TOPIC_PREFIX)) {
    const id = lookup(topic.slice(TOPIC_PREFIX.length));
    if (id >= 0) frame.market = id;
  }
  return frame;
}

function replyFrame(msg: Record<string, unknown>, op: string, lookup: SymbolLookup): VenueFrame {
  const retMsg = typeof msg.ret_msg === 'string' ? msg.ret_msg : '';
  switch (op) {
    case 'pong': return { type: 'pong' };
    case 'ping':
      // Linear answers our ping with op "ping" and ret_msg "pong".
      return msg.success === true ? { type: 'pong' } : errorOf(retMsg || 'ping refused', lookup);
    case 'subscribe': case 'unsubscribe':
      if (msg.success === true) return { type: 'ack', markets: marketsOfReqId(msg.req_id) };
      return errorOf(retMsg || `${op} refused`, lookup);
    default:
      return msg.success === false ? errorOf(retMsg || `${op} refused`, lookup) : { type: 'unknown', name: `op:${op.slice(0, 32)}` };
  }
}
