// The one contract between a venue and the shared connection machinery (pool, pacer, links,
// resync backoff, market-list refresh): a venue is a VenueModule, a folder of protocol and parser
// with no socket code; createVenueFeed (feed.ts) turns one into the engine's FeedSource.
// Venue-neutral: no venue is named in this folder.
import type { BookEvent, Clock, MarketInfo } from '@ob/core';

/**
 * A venue's documented limits, as the pool and the pacer read them (per IP unless said). A field
 * left out means the venue documents none; the machinery then does not pace on it.
 */
export interface VenueLimits {
  /** The venue's cap on markets one connection may carry (the setting marketsPerConnection stays under it). */
  subscriptionsPerConnection: number;
  /** Subscriptions across all connections. */
  subscriptionsTotal?: number;
  /** Markets one subscribe/unsubscribe message may name. */
  marketsPerMessage: number;
  /** Client messages (subscribe, unsubscribe, ping) per messageWindowMs across connections. */
  messagesPerMinute?: number;
  /** The window messagesPerMinute counts in (default one minute; simulators scale it down in tests). */
  messageWindowMs?: number;
  /** Client messages sent and not yet answered, across connections. */
  messagesInFlight?: number;
  /** Client messages per connection per second (venues that count per socket; pings and pongs included). */
  messagesPerSecond?: number;
  /** Subscribe/unsubscribe messages per connection per hour. */
  subscribeMessagesPerHour?: number;
  /** Bytes of one client message. */
  maxMessageBytes?: number;
  /** Connections open at once. */
  connectionsOpen?: number;
  /** New connections per connectionWindowMs. */
  connectionsPerWindow?: number;
  connectionWindowMs?: number;
  /** The venue closes a connection that sent nothing (or, per venue, got nothing) for this long. */
  idleCloseMs?: number;
  /** The venue drops a connection this old. */
  maxConnectionAgeMs?: number;
  /** Our keepalive cadence, under idleCloseMs. */
  pingIntervalMs: number;
}

/** What a venue's decoder makes of one text frame. No I/O, no state beyond the module's id registry. */
export type VenueFrame<E extends BookEvent = BookEvent> =
  /** A snapshot or delta of one market. */
  | { type: 'book'; event: E }
  /** A subscribe was acknowledged for these markets (empty: the venue does not say which). */
  | { type: 'ack'; markets: number[] }
  /** A venue error; `market` when it names one we know. `code` is the venue's, as a string. */
  | { type: 'error'; code: string; message: string; market?: number }
  /** The venue pinged us at the application level: send `reply`. */
  | { type: 'ping'; reply: string }
  | { type: 'pong' }
  /** The venue's greeting. */
  | { type: 'connected' }
  /** Valid, but nothing we handle (ignorable): counted, logged once per name. Names are bounded. */
  | { type: 'unknown'; name: string }
  /** Malformed: counted and skipped, books untouched. */
  | { type: 'invalid'; reason: string };

/** Verdicts of ContinuityTracker.check. Numbers, so a hot path compares without strings. */
export const DELIVER = 0;
/** Not subscribed, waiting for a snapshot, or held: do not deliver. */
export const DROP = 1;
/** Continuity broken: invalidate that market alone and resync it. */
export const GAP = 2;
/** The venue's checksum disagrees with the book after this event: as GAP, counted apart. */
export const CHECKSUM = 3;
/**
 * The event would take the book back in time (a delta ending before it begins, a snapshot older
 * than the book): refused, counted, and the market resynced, so the seq written never decreases.
 */
export const BACKWARD = 4;
export type Verdict = typeof DELIVER | typeof DROP | typeof GAP | typeof CHECKSUM | typeof BACKWARD;

/** Per-market continuity: pure state, one per feed (createTracker()). */
export interface ContinuityTracker<E extends BookEvent = BookEvent> {
  /** What to do with one event, updating that market's state. */
  check(ev: E): number;
  /** The market was (re)subscribed: wait for its snapshot. */
  await(market: number, now?: number): void;
  /** Unsubscribed or disconnected: drop its frames until the next await(). */
  idle(market: number): void;
  /** Venue-specific faults the tracker saw (stale snapshots, resets), for stats and /metrics. */
  counters?(): Readonly<Record<string, number>>;
  /**
   * REST-synced venues (VenueModule.createRestSync): a snapshot fetched for a market, judged
   * against the events the tracker buffered since await().
   */
  snapshot?(snap: E): SyncResult<E>;
}

export type SyncResult<E extends BookEvent = BookEvent> =
  /** Deliver these in order: the snapshot, then the buffered events it bridges to. */
  | { verdict: 'synced'; deliver: E[] }
  /** The snapshot is older than the buffered events, or they break their chain after it: fetch another. */
  | { verdict: 'stale' | 'gap' }
  /** The market was not waiting for a snapshot (unsubscribed, or already synced). */
  | { verdict: 'ignored' };

/** What a REST sync is given once per feed: the venue's REST base and the feed's fetch and clock. */
export interface RestSyncIo {
  restUrl: string;
  fetch: typeof fetch;
  clock: Clock;
  timeoutMs: number;
}

/**
 * The REST side of a venue whose books start from a REST snapshot (Binance diff depth): one per
 * feed, holding the venue's REST budget (the IP's), so every snapshot of the feed draws on it.
 */
export interface RestSync<E extends BookEvent = BookEvent> {
  /** One market's snapshot; waits for the budget; rejects when the venue refuses, on a bad body, or once aborted. */
  snapshot(market: MarketInfo, signal: AbortSignal): Promise<E>;
  /** The budget's figures (granted, waiting, pauses...), for stats and /metrics. */
  counters(): Readonly<Record<string, number>>;
  /** Refuses every waiting request (the feed stops). */
  close(): void;
}

export interface FetchMarketsOptions {
  /** The venue's market-list endpoint or REST base (a setting, so it can point at a simulator). */
  restUrl: string;
  fetch: typeof fetch;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface MarketList {
  /** Markets the venue lists as tradable, ascending by id. */
  markets: MarketInfo[];
  /** Entries refused, each with why (for one log line). */
  skipped: string[];
}

export interface VenueModule<E extends BookEvent = BookEvent> {
  readonly venue: string;
  readonly limits: VenueLimits;
  /** Default endpoints (each a setting in the app). */
  readonly wsUrl: string;
  readonly restUrl: string;
  fetchMarkets(opts: FetchMarketsOptions): Promise<MarketList>;
  /** Subscribe texts for these markets, at most limits.marketsPerMessage each. */
  subscribe(markets: readonly MarketInfo[]): string[];
  unsubscribe(markets: readonly MarketInfo[]): string[];
  /** Our application-level ping text. */
  readonly ping: string;
  /** One text frame; never throws. */
  decode(text: string, receivedTs: number): VenueFrame<E>;
  createTracker(): ContinuityTracker<E>;
  /**
   * True when a subscribe is answered by the market's snapshot (Lighter): the pacer then counts a
   * subscribe in flight until that snapshot (or an error naming the market) comes. False: by an
   * `ack` frame. Absent: answers are not tracked, only the per-window budget applies.
   */
  readonly snapshotAnswersSubscribe?: boolean;
  /**
   * Present for venues whose stream carries only deltas and whose books start from a REST
   * snapshot (Binance): the tracker buffers a market's events from the subscribe on, the feed
   * fetches the snapshot once the subscribe is acknowledged (and again after a gap, without
   * resubscribing) and hands it to tracker.snapshot(). Such a tracker must have snapshot().
   */
  createRestSync?(io: RestSyncIo): RestSync<E>;
}
