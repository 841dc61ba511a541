export {
  createLighterFeed, MAX_FRAME_BYTES, SILENCE_TIMEOUT_MS, PING_INTERVAL_MS, SNAPSHOT_TIMEOUT_MS, CONNECT_TIMEOUT_MS,
} from './lighter/client';
export type { LighterFeed, LighterFeedOptions, LighterCounters } from './lighter/options';
export { parseLighterFrame, parseLighterFrameReference } from './lighter/parse';
export { marketOfChannel, subscribeMsg, unsubscribeMsg, type LighterFrame } from './lighter/frames';
export { fetchMarketList, parseMarketList, selectMarkets, MAX_MARKET_ID, type MarketList } from './lighter/markets';
export { backoffDelay, RECONNECT_BASE_MS, RECONNECT_MAX_MS, HEALTHY_RESET_MS, type BackoffOptions } from './backoff';
export { systemClock, type Clock, type FeedLogger } from './runtime';
// issue 15 adapters, namespaced until the venue registry (issue 14) names them.
export * as hyperliquid from './hyperliquid/index';
export * as bybit from './bybit/index';
export * as venueShape from './venue-shape';
// Binance USD-M and OKX swap venue modules (issue 15), not yet wired into a feed: see their
// README.md. Namespaced, so nothing here collides with connection/'s or other venues' names.
export * as binanceUsdm from './binance-usdm/index';
export * as okx from './okx/index';
// Every venue by name, and the module feed that runs the issue-15 modules.
export { VENUES, venueEntry, venueNames, type VenueEntry, type CreateFeedOptions } from './venues';
export { createModuleFeed, fromVenueModule, type ModuleFeed, type ModuleFeedOptions, type FeedModule } from './module-feed/index';
