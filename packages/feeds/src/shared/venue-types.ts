// The venue-module shape (issue 15) as the Binance USD-M and OKX adapters implement it. The
// connection machinery of issue 14 (packages/feeds/src/connection/) owns the final types; these
// follow its sketch so that wiring an adapter in is a rename, not a rewrite. Venue-neutral.
import type { BookEvent, MarketInfo } from '@ob/core';

/** A venue's documented limits, as the pool and pacer read them. Absent: the venue documents none. */
export interface VenueLimits {
  /** Markets one socket may carry. */
  subscriptionsPerConnection: number;
  /** Markets one subscribe message may name. */
  marketsPerMessage: number;
  /** Client messages (any kind, pings included) per connection per second. */
  messagesPerSecond?: number;
  /** Subscribe/unsubscribe messages per connection per hour. */
  subscribeMessagesPerHour?: number;
  /** Bytes of one client message. */
  maxMessageBytes?: number;
  /** New connections per IP within connectionWindowMs. */
  connectionsPerWindow?: number;
  connectionWindowMs?: number;
  /** The venue closes a connection it has pushed nothing to for this long. */
  idleCloseMs?: number;
  /** The venue drops every connection at this age. */
  maxConnectionAgeMs?: number;
  /** Our keepalive: ping when the socket has been quiet this long. */
  pingIntervalMs: number;
}

/** What a parser makes of one text frame. No I/O, no state. `E`: the venue's BookEvent with its extra fields. */
export type VenueFrame<E extends BookEvent = BookEvent> =
  | { type: 'book'; event: E }
  /** A subscribe or unsubscribe was acknowledged for these markets. */
  | { type: 'ack'; markets: number[] }
  | { type: 'error'; code: string; message: string; market?: number }
  /** The venue pinged us at the application level: send `reply`. */
  | { type: 'ping'; reply: string }
  | { type: 'pong' }
  | { type: 'connected' }
  /** Valid, but nothing we handle: counted and logged once per name. */
  | { type: 'unknown'; name: string }
  /** Malformed: counted and skipped, books untouched. */
  | { type: 'invalid'; reason: string };

/** What a tracker says to do with one book event. Venues add their own (OKX: CHECKSUM). */
export const DELIVER = 0;
/** Not subscribed, waiting for a snapshot, or held for a REST sync: do not deliver. */
export const DROP = 1;
/** Continuity broken: invalidate that market alone and resync it. */
export const GAP = 2;

export interface ContinuityTracker {
  /** The market was (re)subscribed: wait for its snapshot. */
  await(market: number): void;
  /** Unsubscribed or disconnected. */
  idle(market: number): void;
}

export interface FetchMarketsOptions {
  /** The venue's REST base URL (the adapter appends its documented paths). */
  restUrl: string;
  fetch: typeof fetch;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface MarketList {
  /** Markets we stream, ascending by id. */
  markets: MarketInfo[];
  /** Entries refused, with why (for a log line). */
  skipped: string[];
}

export interface VenueModule {
  readonly venue: string;
  readonly limits: VenueLimits;
  readonly defaultWsUrl: string;
  readonly defaultRestUrl: string;
  fetchMarkets(opts: FetchMarketsOptions): Promise<MarketList>;
  /** Subscribe texts, batched as the venue allows. */
  subscribe(markets: readonly MarketInfo[]): string[];
  unsubscribe(markets: readonly MarketInfo[]): string[];
  /** Application-level ping text; absent: the venue wants WebSocket ping frames. */
  readonly ping?: string;
  parse(text: string, receivedTs: number): VenueFrame;
}
