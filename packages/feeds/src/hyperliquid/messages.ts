// What we send to Hyperliquid: one subscription per message (the protocol has no batch form).
import type { MarketInfo } from '@ob/core';

/** nSigFigs and mantissa null: full precision, as the SDKs send it, so the server's echo matches. */
const subscription = (coin: string) => `{"type":"l2Book","coin":${JSON.stringify(coin)},"nSigFigs":null,"mantissa":null}`;

export const subscribeMsg = (coin: string) => `{"method":"subscribe","subscription":${subscription(coin)}}`;
/** Must name the subscription exactly as subscribed, or the venue answers "Already unsubscribed". */
export const unsubscribeMsg = (coin: string) => `{"method":"unsubscribe","subscription":${subscription(coin)}}`;
export const PING = '{"method":"ping"}';

export const subscribe = (markets: readonly MarketInfo[]): string[] => markets.map((m) => subscribeMsg(m.symbol));
export const unsubscribe = (markets: readonly MarketInfo[]): string[] => markets.map((m) => unsubscribeMsg(m.symbol));
