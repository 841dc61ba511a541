// Hyperliquid `l2Book` as a VenueModule: perps of the main dex (spot is not streamed: its coins
// are `@N` aliases with a different market list, spotMeta).
import type { MarketInfo } from '@ob/core';
import type { VenueLimits, VenueModule } from '../connection/types';
import * as L from './limits';
import { fetchMeta } from './markets';
import { PING, subscribe, unsubscribe } from './messages';
import { parseHyperliquidFrame } from './parse';
import { createHyperliquidTracker } from './tracker';

export const VENUE = 'hyperliquid';
export const WS_URL = 'wss://api.hyperliquid.xyz/ws';
export const REST_URL = 'https://api.hyperliquid.xyz/info';

export const LIMITS: VenueLimits = {
  subscriptionsPerConnection: L.SUBSCRIPTIONS_PER_CONNECTION,
  subscriptionsTotal: L.MAX_SUBSCRIPTIONS,
  marketsPerMessage: 1,
  messagesPerMinute: L.MESSAGES_PER_MINUTE,
  messagesInFlight: L.MESSAGES_IN_FLIGHT,
  connectionsOpen: L.MAX_CONNECTIONS,
  connectionsPerWindow: L.NEW_CONNECTIONS_PER_MINUTE,
  connectionWindowMs: 60_000,
  idleCloseMs: L.IDLE_CLOSE_MS,
  maxConnectionAgeMs: Infinity,
  pingIntervalMs: L.PING_INTERVAL_MS,
};

/** One module per engine: it remembers the last market list so parse() can name coins by id. */
export function createHyperliquidVenue(): VenueModule {
  let ids = new Map<string, number>();
  const lookup = (coin: string) => ids.get(coin) ?? -1;
  return {
    venue: VENUE,
    limits: LIMITS,
    wsUrl: WS_URL,
    restUrl: REST_URL,
    async fetchMarkets(opts) {
      const list = await fetchMeta(opts);
      // Ids are the venue's asset indices, so a refresh only adds coins; a delisted one stays known
      // (its late frames are dropped by the tracker once it is idle).
      const next = new Map(ids);
      for (const m of list.markets) next.set(m.symbol, m.id);
      ids = next;
      return list;
    },
    subscribe: (markets: readonly MarketInfo[]) => subscribe(markets),
    unsubscribe: (markets: readonly MarketInfo[]) => unsubscribe(markets),
    ping: PING,
    decode: (text, receivedTs) => parseHyperliquidFrame(text, receivedTs, lookup),
    createTracker: createHyperliquidTracker,
  };
}

export { parseHyperliquidFrame, GREETING, type CoinLookup } from './parse';
export { parseMeta, fetchMeta, instrumentOf, META_REQUEST, QUOTE } from './markets';
export { subscribeMsg, unsubscribeMsg, PING } from './messages';
export { createHyperliquidTracker, type HyperliquidTrackerCounters } from './tracker';
export * as limits from './limits';
