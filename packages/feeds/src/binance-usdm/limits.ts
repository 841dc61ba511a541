// Binance USD-M futures: the documented limits the adapter stays inside (sources in README.md).
import type { VenueLimits } from '../connection/types';

/** Depth streams are routed on the `/public` path since 2026; `/ws` takes live SUBSCRIBEs. */
export const DEFAULT_WS_URL = 'wss://fstream.binance.com/public/ws';
export const DEFAULT_REST_URL = 'https://fapi.binance.com';
export const EXCHANGE_INFO_PATH = '/fapi/v1/exchangeInfo';
export const DEPTH_PATH = '/fapi/v1/depth';

/** "A single connection can listen to a maximum of 1024 streams." */
export const STREAMS_PER_CONNECTION = 1024;
/** "WebSocket connections have a limit of 10 incoming messages per second"; over it, disconnected. */
export const MESSAGES_PER_SECOND = 10;
/** "A single connection is only valid for 24 hours." */
export const MAX_CONNECTION_AGE_MS = 24 * 60 * 60 * 1000;
/** The server pings every 3 minutes and disconnects when no pong comes back within 10. */
export const SERVER_PING_INTERVAL_MS = 3 * 60 * 1000;
export const PONG_TIMEOUT_MS = 10 * 60 * 1000;
/**
 * Streams named in one SUBSCRIBE. The docs give no cap; 200 keeps a message a few KB and lets
 * the 1,024 streams of a connection go out in 6 messages, well under 10 a second.
 */
export const STREAMS_PER_MESSAGE = 200;
/** Our keepalive (a WebSocket ping frame): the docs leave the client's cadence open. */
export const PING_INTERVAL_MS = 30_000;
/** Connections per IP: the spot docs' 300 per 5 minutes; the USD-M pages give none, so we assume it. */
export const CONNECTIONS_PER_WINDOW = 300;
export const CONNECTION_WINDOW_MS = 5 * 60 * 1000;

/** REST: "REQUEST_WEIGHT ... MINUTE ... 2400" per IP. */
export const REST_WEIGHT_PER_MINUTE = 2_400;
/** GET /fapi/v1/depth weight by limit: 5-50 → 2, 100 → 5, 500 → 10, 1000 → 20. */
export const DEPTH_WEIGHTS: Readonly<Record<number, number>> = { 5: 2, 10: 2, 20: 2, 50: 2, 100: 5, 500: 10, 1000: 20 };
export const SNAPSHOT_LIMIT = 1000;
export const SNAPSHOT_WEIGHT = DEPTH_WEIGHTS[SNAPSHOT_LIMIT]!;
export const EXCHANGE_INFO_WEIGHT = 1;
/**
 * The share of the IP's weight our snapshots may use per minute, and the burst on top: other
 * processes on the IP (and our market list refreshes) keep the rest. 1,200 + 240 stays under
 * 2,400 in any 60 s window, so a reconnect of hundreds of symbols is spread over minutes.
 */
export const SNAPSHOT_WEIGHT_PER_MINUTE = 1_200;
export const SNAPSHOT_WEIGHT_BURST = 240;
/** A 429 or 418 without Retry-After still waits this long (the docs say back off, not how long). */
export const DEFAULT_RETRY_AFTER_MS = 60_000;
/** When X-MBX-USED-WEIGHT-1M says the IP is past this share, wait for the next minute. */
export const USED_WEIGHT_HIGH_WATER = 0.8;

export const BINANCE_USDM_LIMITS: VenueLimits = {
  subscriptionsPerConnection: STREAMS_PER_CONNECTION,
  marketsPerMessage: STREAMS_PER_MESSAGE,
  messagesPerSecond: MESSAGES_PER_SECOND,
  connectionsPerWindow: CONNECTIONS_PER_WINDOW,
  connectionWindowMs: CONNECTION_WINDOW_MS,
  maxConnectionAgeMs: MAX_CONNECTION_AGE_MS,
  pingIntervalMs: PING_INTERVAL_MS,
};
