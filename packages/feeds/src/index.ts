// @ob/feeds: venue modules (one folder each) and the connection machinery that runs any of them.
export { createVenueFeed, type VenueFeed, type VenueFeedOptions, type VenueFeedCounters } from './connection/feed';
export { MAX_FRAME_BYTES, CONNECT_TIMEOUT_MS, DEFAULT_MARKETS_PER_CONNECTION, DEFAULT_MARKETS_REFRESH_MS } from './connection/settings';
export type { FeedView, ConnectionView, StuckMarketView, VenueErrorView } from './connection/view';
export {
  DELIVER, DROP, GAP, CHECKSUM, BACKWARD,
  type VenueModule, type VenueLimits, type VenueFrame, type ContinuityTracker, type Verdict, type MarketList, type FetchMarketsOptions,
  type RestSync, type RestSyncIo, type SyncResult,
} from './connection/types';
export { IDLE, AWAITING, LIVE } from './connection/phase';
export { PONG_TIMEOUT_MS, type Connect } from './connection/link';
export { SNAPSHOT_TIMEOUT_MS, RESYNC_BASE_MS, RESYNC_MAX_MS, resyncDelay } from './connection/resync-backoff';
export { WINDOW_SHARE, IN_FLIGHT_SHARE } from './connection/pacer';
export { selectMarkets, kindOf } from './connection/market-select';
export { createLighterFeed, type LighterFeed, type LighterFeedOptions } from './lighter/feed';
export { lighterVenue, createLighterVenue, decodeLighterFrame, LIGHTER_LIMITS } from './lighter/index';
export { PING_INTERVAL_MS } from './lighter/limits';
export { parseLighterFrame, parseLighterFrameReference } from './lighter/parse';
export { marketOfChannel, subscribeMsg, unsubscribeMsg, type LighterFrame } from './lighter/frames';
export { fetchMarketList, parseMarketList, MAX_MARKET_ID, type MarketList as LighterMarketList } from './lighter/markets';
export { backoffDelay, RECONNECT_BASE_MS, RECONNECT_MAX_MS, type BackoffOptions } from './backoff';
export { connectWebSocket, type ClientWebSocket, type WebSocketHandlers, type WebSocketOptions } from './ws/web-socket';
export { systemClock, type Clock, type FeedLogger } from './runtime';
// The other venues' modules, each under its name (their helpers share names).
export * as hyperliquid from './hyperliquid/index';
export * as bybit from './bybit/index';
export * as binanceUsdm from './binance-usdm/index';
export * as okx from './okx/index';
// Record and replay (issue 17.3): a recording or replaying connect/fetch/clock for any feed.
export * as capture from './capture/index';
// Every venue by name.
export { VENUES, venueEntry, venueNames, type VenueEntry, type VenueClient, type CreateFeedOptions, type RegisteredFeed } from './venues';
