// The venue-module shape the issue-15 adapters are written against, as sketched for issue 14
// (whose engineer owns the final types in connection/). Kept in one file so wiring the adapters
// into the pool is a matter of renaming imports. No venue names in here.
import type { BookEvent, MarketInfo } from '@ob/core';

// Verdicts, phases, frames and lists are connection/'s (issue 14): the same numbers and shapes
// the connection machinery acts on. VenueLimits, ContinuityTracker and VenueModule below are the
// interim shapes these adapters were written against, until they are wired.
export { DELIVER, DROP, GAP, type Verdict, type VenueFrame, type MarketList, type FetchMarketsOptions } from './connection/types';
export { IDLE, AWAITING, LIVE } from './connection/phase';
import type { FetchMarketsOptions, MarketList, VenueFrame, Verdict } from './connection/types';

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
