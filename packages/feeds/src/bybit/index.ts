// Bybit v5 `orderbook.50` on the public linear stream (USDT and USDC perpetuals) as a VenueModule.
import type { MarketInfo } from '@ob/core';
import { createMarketIds, MAX_MARKET_ID } from '../shared/market-ids';
import type { VenueLimits, VenueModule } from '../connection/types';
import * as L from './limits';
import { fetchInstruments } from './markets';
import { PING, subscribe, unsubscribe } from './messages';
import { parseBybitFrame } from './parse';
import { createBybitTracker } from './tracker';

export const VENUE = 'bybit';
export const WS_URL = 'wss://stream.bybit.com/v5/public/linear';
export const REST_URL = 'https://api.bybit.com/v5/market/instruments-info';

export const LIMITS: VenueLimits = {
  subscriptionsPerConnection: L.SUBSCRIPTIONS_PER_CONNECTION,
  subscriptionsTotal: Infinity,
  marketsPerMessage: L.ARGS_PER_MESSAGE,
  messagesPerMinute: L.MESSAGES_PER_MINUTE,
  messagesInFlight: L.MESSAGES_IN_FLIGHT,
  connectionsOpen: L.MAX_CONNECTIONS,
  connectionsPerWindow: L.CONNECTIONS_PER_WINDOW,
  connectionWindowMs: L.CONNECTION_WINDOW_MS,
  idleCloseMs: L.IDLE_CLOSE_MS,
  maxConnectionAgeMs: Infinity,
  pingIntervalMs: L.PING_INTERVAL_MS,
};

/** One module per engine: it owns the symbol → id registry, so ids stay stable across refreshes. */
export function createBybitVenue(): VenueModule {
  // Ids index the tracker's flat arrays: at most MAX_MARKET_ID + 1 of them.
  const ids = createMarketIds(MAX_MARKET_ID + 1);
  return {
    venue: VENUE,
    limits: LIMITS,
    wsUrl: WS_URL,
    restUrl: REST_URL,
    fetchMarkets: (opts) => fetchInstruments(opts, ids),
    subscribe: (markets: readonly MarketInfo[]) => subscribe(markets),
    unsubscribe: (markets: readonly MarketInfo[]) => unsubscribe(markets),
    ping: PING,
    decode: (text, receivedTs) => parseBybitFrame(text, receivedTs, ids.find),
    createTracker: createBybitTracker,
  };
}

export { parseBybitFrame, type SymbolLookup } from './parse';
export { fetchInstruments, parseInstrumentsPage, selectInstruments, MAX_PAGES } from './markets';
export { subscribe, unsubscribe, topicOf, marketsOfReqId, PING, TOPIC_PREFIX } from './messages';
export { createBybitTracker, type BybitTrackerCounters } from './tracker';
export * as limits from './limits';
