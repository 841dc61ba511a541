// The venue-module shape the issue-15 adapters are written against, as sketched for issue 14
// (whose engineer owns the final types in connection/). Kept in one file so wiring the adapters
// into the pool is a matter of renaming imports. No venue names in here.
import type { BookEvent, MarketInfo } from '@ob/core';

// The verdicts are Lighter's (lighter/tracker.ts), so every venue's tracker answers in the same
// numbers the existing client already acts on.
export { DELIVER, DROP, GAP, IDLE, AWAITING, LIVE, type Verdict } from './lighter/tracker';
import type { Verdict } from './lighter/tracker';

/** Venue error texts are cut to this length before they reach logs. */
export const MAX_ERROR_CHARS = 200;

/** What the pool and the pacer read: the venue's documented limits, or our choice where it documents none. */
export interface VenueLimits {
  /** Markets we put on one connection (at most the venue's cap; the README says why). */
  subscriptionsPerConnection: number;
  /** Subscriptions the venue allows per IP across connections (Infinity: none documented). */
  subscriptionsTotal: number;
  /** Markets in one subscribe/unsubscribe message. */
  marketsPerMessage: number;
  /** Client messages per minute across the venue's connections (per IP). */
  messagesPerMinute: number;
  /** Client messages sent and not yet answered. */
  messagesInFlight: number;
  /** Connections open at once per IP. */
  connectionsOpen: number;
  /** New connections per `connectionWindowMs` per IP. */
  connectionsPerWindow: number;
  connectionWindowMs: number;
  /** The venue closes a connection idle this long (its definition of idle is in the venue's README). */
  idleCloseMs: number;
  /** The venue drops a connection this old (Infinity: not documented). */
  maxConnectionAgeMs: number;
  /** Our app-level ping cadence, under idleCloseMs. */
  pingIntervalMs: number;
}

/** What a parser makes of one text frame. */
export type VenueFrame =
  | { type: 'book'; event: BookEvent }
  /** subscribe/unsubscribe acknowledged for these market ids (empty when the venue does not say which). */
  | { type: 'ack'; markets: number[] }
  /** A venue error; `market` when the error names one we know. */
  | { type: 'error'; code: string; message: string; market?: number }
  /** The venue pinged us: send `reply`. */
  | { type: 'ping'; reply: string }
  | { type: 'pong' }
  | { type: 'connected' }
  /** Valid, but not something we handle: counted once per name. Names are bounded (no symbols in them). */
  | { type: 'unknown'; name: string }
  /** Not JSON, or a known frame with missing or wrong fields: counted, skipped, books untouched. */
  | { type: 'invalid'; reason: string };

export interface MarketList {
  /** The markets to stream, ascending by id. */
  markets: MarketInfo[];
  /** Entries refused, each with why (for one log line). */
  skipped: string[];
}

export interface FetchMarketsOptions {
  /** The venue's market-list endpoint (a setting, so it can point at a simulator). */
  restUrl: string;
  fetch: typeof fetch;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Per-market continuity, in flat arrays indexed by market id (as Lighter's MarketTracker). */
export interface ContinuityTracker {
  readonly phase: Uint8Array;
  /** Clock time the market entered AWAITING (for a snapshot timeout). */
  readonly awaitingSince: Float64Array;
  /** Decides what to do with one book event, updating the market's state. */
  check(ev: BookEvent): Verdict;
  /** The market was (re)subscribed: wait for its snapshot. */
  await(id: number, now: number): void;
  /** Unsubscribed or disconnected. */
  idle(id: number): void;
  /** Venue-specific faults the tracker saw (stale snapshots, resets), for stats and /metrics. */
  counters(): Readonly<Record<string, number>>;
}

export interface VenueModule {
  readonly venue: string;
  readonly limits: VenueLimits;
  /** Default endpoints (each a setting in the app). */
  readonly wsUrl: string;
  readonly restUrl: string;
  fetchMarkets(opts: FetchMarketsOptions): Promise<MarketList>;
  subscribe(markets: readonly MarketInfo[]): string[];
  unsubscribe(markets: readonly MarketInfo[]): string[];
  /** Our app-level ping text. */
  readonly ping: string;
  /** One text frame; never throws. Market ids come from the last fetchMarkets(). */
  parse(text: string, receivedTs: number): VenueFrame;
  createTracker(): ContinuityTracker;
}
