// Client messages: live SUBSCRIBE / UNSUBSCRIBE of `<symbol>@depth@100ms`, several streams per
// message. Binance answers `{"result":null,"id":N}` naming only the request id, so the ids we
// sent are remembered (bounded) to tell which markets an answer acknowledges.
import type { MarketInfo } from '@ob/core';
import { STREAMS_PER_MESSAGE } from './limits';

/** The diff depth stream at its fastest documented speed. */
export const DEPTH_SPEED = '100ms';
export const streamName = (symbol: string) => `${symbol.toLowerCase()}@depth@${DEPTH_SPEED}`;

/**
 * Our keepalive: a request the venue answers at once and cheaply (`{"result":false,"id":0}`), so
 * an answer proves the connection alive. Id 0 is never a subscribe's (they count from 1).
 */
export const PING_ID = 0;
export const PING = `{"method":"GET_PROPERTY","params":["combined"],"id":${PING_ID}}`;

/** Requests whose answer has not come back yet; beyond this the oldest are forgotten. */
export const MAX_PENDING_REQUESTS = 4_096;
/** Request ids are unsigned ints; we wrap well inside 2^31. */
const MAX_REQUEST_ID = 2 ** 31 - 1;

export interface BinanceRequests {
  subscribe(markets: readonly MarketInfo[]): string[];
  unsubscribe(markets: readonly MarketInfo[]): string[];
  /** The markets a request named, once: the answer for it has arrived. */
  settle(id: number): number[] | undefined;
  pending(): number;
}

export function createBinanceRequests(perMessage = STREAMS_PER_MESSAGE): BinanceRequests {
  const pending = new Map<number, number[]>();
  let next = 1;

  const build = (method: 'SUBSCRIBE' | 'UNSUBSCRIBE', markets: readonly MarketInfo[]): string[] => {
    const out: string[] = [];
    for (let i = 0; i < markets.length; i += perMessage) {
      const batch = markets.slice(i, i + perMessage);
      const id = next;
      next = next >= MAX_REQUEST_ID ? 1 : next + 1;
      pending.set(id, batch.map((m) => m.id));
      if (pending.size > MAX_PENDING_REQUESTS) pending.delete(pending.keys().next().value!);
      out.push(JSON.stringify({ method, params: batch.map((m) => streamName(m.symbol)), id }));
    }
    return out;
  };

  return {
    subscribe: (markets) => build('SUBSCRIBE', markets),
    unsubscribe: (markets) => build('UNSUBSCRIBE', markets),
    settle(id) {
      const markets = pending.get(id);
      pending.delete(id);
      return markets;
    },
    pending: () => pending.size,
  };
}
