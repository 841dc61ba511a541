// The Lighter client's options, counters and public shape (the limits live in client.ts, which enforces them).
import type { FeedSource, MarketInfo } from '@ob/core';
import type { BackoffOptions } from '../backoff';
import type { Clock, FeedLogger } from '../runtime';

export interface LighterFeedOptions {
  wsUrl: string;
  restUrl: string;
  /** Symbols to subscribe; empty or absent = every active market. */
  symbols?: readonly string[];
  /** Of the markets selected, only those this returns true for are subscribed (a shard's share, SHARD=i/N). */
  accept?: (market: MarketInfo) => boolean;
  log: FeedLogger;
  clock?: Clock;
  fetch?: typeof fetch;
  /** Tuning, mostly for tests; defaults are the constants above. */
  silenceTimeoutMs?: number;
  pingIntervalMs?: number;
  snapshotTimeoutMs?: number;
  connectTimeoutMs?: number;
  restTimeoutMs?: number;
  maxFrameBytes?: number;
  backoff?: BackoffOptions;
}

export interface LighterCounters {
  messages: number; bytes: number; bookEvents: number; parseErrors: number; unknownTypes: number;
  gaps: number; resyncs: number; reconnects: number; oversizeFrames: number;
  /** {"type":"error"} frames from the venue (not in FeedCounters: Lighter-specific). */
  venueErrors: number;
}

export interface LighterFeed extends FeedSource {
  /** Every active market the venue lists (markets() is the subscribed subset). */
  available(): readonly MarketInfo[];
  counters(): Readonly<LighterCounters>;
}
