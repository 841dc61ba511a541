// One Hyperliquid text frame → a VenueFrame. No I/O, no state: coin → market id comes in as
// `lookup`. Every `l2Book` message is a whole book (no sequence, no checksum), so each is a
// snapshot whose seq is its `time`: the tracker refuses one older than the book it would replace.
import type { BookEvent } from '@ob/core';
import type { VenueFrame } from '../connection/types';
import { flatLevels, isObject, MAX_ERROR_MESSAGE_CHARS } from '../shared/levels';

/** The server's greeting: plain text, not JSON. */
export const GREETING = 'Websocket connection established.';

export type CoinLookup = (coin: string) => number;

const invalid = (reason: string): VenueFrame => ({ type: 'invalid', reason });

export function parseHyperliquidFrame(text: string, receivedTs: number, lookup: CoinLookup): VenueFrame {
  if (text === GREETING) return { type: 'connected' };
  let msg: unknown;
  try { msg = JSON.parse(text); } catch { return invalid('not JSON'); }
  if (!isObject(msg)) return invalid('not an object');
  const channel = msg.channel;
  if (typeof channel !== 'string') return invalid('missing channel');
  switch (channel) {
    case 'l2Book': return bookFrame(msg.data, receivedTs, lookup);
    case 'pong': return { type: 'pong' };
    case 'subscriptionResponse': return ackFrame(msg.data, lookup);
    case 'error': return errorFrame(msg.data, lookup);
    default: return { type: 'unknown', name: channel.slice(0, 64) };
  }
}

function bookFrame(data: unknown, receivedTs: number, lookup: CoinLookup): VenueFrame {
  if (!isObject(data)) return invalid('l2Book without data');
  const { coin, time, levels } = data;
  if (typeof coin !== 'string') return invalid('l2Book without coin');
  if (typeof time !== 'number' || !Number.isSafeInteger(time) || time <= 0) return invalid('l2Book with bad time');
  if (!Array.isArray(levels) || levels.length < 2) return invalid('l2Book without two sides');
  const bids = sideLevels(levels[0]);
  const asks = sideLevels(levels[1]);
  if (bids === null || asks === null) return invalid('l2Book with a bad level');
  const event: BookEvent = {
    // A coin we do not stream (or not yet): -1, which every tracker drops.
    kind: 'snapshot', market: lookup(coin), seq: time, prevSeq: -1, exchangeTs: time, receivedTs,
    bids: bids.flat, asks: asks.flat, bidKeys: bids.keys, askKeys: asks.keys,
  };
  return { type: 'book', event };
}

const px = (l: unknown) => (isObject(l) ? l.px : undefined);
const sz = (l: unknown) => (isObject(l) ? l.sz : undefined);
/** `[{px, sz, n}, ...]` → flat strings and keys. */
const sideLevels = (raw: unknown) => flatLevels(raw, px, sz);

const coinOf = (subscription: unknown): string | undefined =>
  isObject(subscription) && typeof subscription.coin === 'string' ? subscription.coin : undefined;

/** `{"method":"subscribe"|"unsubscribe","subscription":{...echo}}`: the echo names the coin. */
function ackFrame(data: unknown, lookup: CoinLookup): VenueFrame {
  if (!isObject(data) || (data.method !== 'subscribe' && data.method !== 'unsubscribe')) {
    return invalid('subscriptionResponse without method');
  }
  const coin = coinOf(data.subscription);
  const id = coin === undefined ? -1 : lookup(coin);
  return { type: 'ack', markets: id >= 0 ? [id] : [] };
}

/** Error texts as the venue words them (SDK tests, issue reports); the code is ours, for counters. */
const ERROR_CODES: [prefix: string, code: string][] = [
  ['Already subscribed', 'already-subscribed'],
  ['Invalid subscription', 'invalid-subscription'],
  ['Already unsubscribed', 'already-unsubscribed'],
  ['Cannot subscribe to more than', 'subscription-limit'],
  ['Cannot send more than', 'message-rate'],
];

/** `{"channel":"error","data":"Already subscribed: {...}"}`: a text, often echoing the request. */
function errorFrame(data: unknown, lookup: CoinLookup): VenueFrame {
  if (typeof data !== 'string') return invalid('error without text');
  const message = data.slice(0, MAX_ERROR_MESSAGE_CHARS);
  const code = ERROR_CODES.find(([prefix]) => data.startsWith(prefix))?.[1] ?? 'error';
  const frame: VenueFrame = { type: 'error', code, message };
  const open = data.indexOf('{');
  if (open >= 0) {
    let echo: unknown;
    try { echo = JSON.parse(data.slice(open, data.lastIndexOf('}') + 1)); } catch { return frame; }
    // The echo is the whole request ({method, subscription}) or the subscription alone.
    const coin = coinOf(isObject(echo) && isObject(echo.subscription) ? echo.subscription : echo);
    const id = coin === undefined ? -1 : lookup(coin);
    if (id >= 0) frame.market = id;
  }
  return frame;
}
