// OKX v5 public WebSocket and REST: the documented limits the adapter stays inside (sources in README.md).
import type { VenueLimits } from '../connection/types';

export const DEFAULT_WS_URL = 'wss://ws.okx.com:8443/ws/v5/public';
export const DEFAULT_REST_URL = 'https://www.okx.com';
export const INSTRUMENTS_PATH = '/api/v5/public/instruments?instType=SWAP';
/** 400 levels: a snapshot, then incremental updates every 100 ms. */
export const BOOK_CHANNEL = 'books';

/** "If subscribing to many 50 or 400 depth level channels, use multiple websocket connections each with less than 30 channels." */
export const CHANNELS_PER_CONNECTION = 29;
/** One subscribe names a whole connection's channels: fewer messages against the hourly limit. */
export const CHANNELS_PER_MESSAGE = CHANNELS_PER_CONNECTION;
/** "The total length of multiple channels cannot exceed 64 KB." */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** "480 'subscribe'/'unsubscribe'/'login' requests per connection per hour." */
export const SUBSCRIBE_MESSAGES_PER_HOUR = 480;
/** "Connection limit: 3 requests per second (based on IP)." */
export const CONNECTIONS_PER_SECOND = 3;
/** "The connection will break automatically if ... data has not been pushed for more than 30 seconds." */
export const IDLE_CLOSE_MS = 30_000;
/** Send the text `ping` when nothing came for N < 30 s; we take 20 s. */
export const PING_INTERVAL_MS = 20_000;
export const PING = 'ping';
export const PONG = 'pong';
/** A book without depth changes sends an empty update about this often (seqId unchanged). */
export const BOOK_HEARTBEAT_MS = 60_000;
/** The checksum covers the top 25 levels of each side. */
export const CHECKSUM_LEVELS = 25;
/** REST GET /api/v5/public/instruments: 20 requests per 2 s (IP + instType). */
export const INSTRUMENTS_REQUESTS_PER_2S = 20;

export const OKX_LIMITS: VenueLimits = {
  subscriptionsPerConnection: CHANNELS_PER_CONNECTION,
  marketsPerMessage: CHANNELS_PER_MESSAGE,
  subscribeMessagesPerHour: SUBSCRIBE_MESSAGES_PER_HOUR,
  maxMessageBytes: MAX_MESSAGE_BYTES,
  connectionsPerWindow: CONNECTIONS_PER_SECOND,
  connectionWindowMs: 1_000,
  idleCloseMs: IDLE_CLOSE_MS,
  pingIntervalMs: PING_INTERVAL_MS,
};
