// What we send to Bybit: topics `orderbook.50.{symbol}`, at most ARGS_PER_MESSAGE per message.
// The req_id names the market ids of the message, so an ack (which names no topic) can be
// matched to its markets without the parser keeping state.
import type { MarketInfo } from '@ob/core';
import { ARGS_PER_MESSAGE, DEPTH } from './limits';

export const TOPIC_PREFIX = `orderbook.${DEPTH}.`;
export const topicOf = (symbol: string) => TOPIC_PREFIX + symbol;
export const PING = '{"op":"ping"}';

/** `sub:3,17,42` → [3, 17, 42]; anything else → []. */
export function marketsOfReqId(reqId: unknown): number[] {
  if (typeof reqId !== 'string') return [];
  const colon = reqId.indexOf(':');
  if (colon < 0 || !/^[0-9]{1,6}(,[0-9]{1,6}){0,99}$/.test(reqId.slice(colon + 1))) return [];
  return reqId.slice(colon + 1).split(',').map(Number);
}

function batches(op: 'subscribe' | 'unsubscribe', markets: readonly MarketInfo[]): string[] {
  const out: string[] = [];
  const tag = op === 'subscribe' ? 'sub' : 'unsub';
  for (let i = 0; i < markets.length; i += ARGS_PER_MESSAGE) {
    const batch = markets.slice(i, i + ARGS_PER_MESSAGE);
    const reqId = `${tag}:${batch.map((m) => m.id).join(',')}`;
    out.push(JSON.stringify({ req_id: reqId, op, args: batch.map((m) => topicOf(m.symbol)) }));
  }
  return out;
}

export const subscribe = (markets: readonly MarketInfo[]) => batches('subscribe', markets);
export const unsubscribe = (markets: readonly MarketInfo[]) => batches('unsubscribe', markets);
