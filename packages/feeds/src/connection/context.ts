// What the parts of one venue feed share, built once by createVenueFeed: the module and its
// settings, the clock and the log limiter, the pool, the pacer, the tracker, one slot per market,
// the counters, and the listener calls (guarded: a throwing engine cannot break a socket handler).
import type { BookEvent, Clock, FeedListener, InvalidateReason, Logger, MarketInfo } from '@ob/core';
import type { Pacer } from './pacer';
import type { Pool } from './pool';
import type { FeedSettings, VenueFeedOptions } from './settings';
import type { ContinuityTracker, VenueModule } from './types';
import type { VenueErrors } from './venue-errors';

export interface VenueFeedCounters {
  messages: number; bytes: number; bookEvents: number; parseErrors: number; unknownTypes: number;
  gaps: number; resyncs: number; reconnects: number; oversizeFrames: number;
  /** Error frames from the venue (by code in view()). */
  venueErrors: number;
  /** Events refused for going back in time (issue 20.2). */
  backward: number;
  checksumErrors: number;
  /** Snapshot timeouts (a subscribe not answered in time). */
  snapshotTimeouts: number;
  /** Markets stuck without a snapshot right now. */
  stuck: number;
  /** Market-list refreshes, and those that failed. */
  refreshes: number;
  refreshFailures: number;
  /** Subscribes and unsubscribes sent. */
  subscribes: number;
  unsubscribes: number;
  /** REST snapshots asked for, and those that failed (venues synced from REST). */
  snapshotRequests: number;
  snapshotFailures: number;
}

export const newCounters = (): VenueFeedCounters => ({
  messages: 0, bytes: 0, bookEvents: 0, parseErrors: 0, unknownTypes: 0, gaps: 0, resyncs: 0, reconnects: 0,
  oversizeFrames: 0, venueErrors: 0, backward: 0, checksumErrors: 0, snapshotTimeouts: 0, stuck: 0,
  refreshes: 0, refreshFailures: 0, subscribes: 0, unsubscribes: 0, snapshotRequests: 0, snapshotFailures: 0,
});

export type SlotState = 'pending' | 'queued' | 'awaiting' | 'backoff' | 'live';

/** One selected market's subscription. */
export interface Slot {
  info: MarketInfo;
  state: SlotState;
  /** When the current subscribe (or REST snapshot attempt) began. */
  since: number;
  /** Counted in the pacer's in-flight budget. */
  inFlight: boolean;
  /** Consecutive failed resyncs (timeouts, gaps soon after a snapshot). */
  attempts: number;
  retryAt: number;
  /** First unanswered subscribe since the market was last live (0: not stuck). */
  stuckSince: number;
  liveSince: number;
  /** The next send is a resync (unsubscribe first): the venue may still hold our subscription. */
  resub: boolean;
  /** The backoff ends in a REST snapshot, not a resubscribe (the stream is fine, the snapshot failed). */
  refetch: boolean;
}

export const newSlot = (info: MarketInfo): Slot => ({
  info, state: 'pending', since: 0, inFlight: false, attempts: 0, retryAt: 0, stuckSince: 0, liveSince: 0, resub: false, refetch: false,
});

export type Limited = (level: 'info' | 'warn' | 'error', key: string, obj: object, msg: string) => void;

export interface FeedContext<E extends BookEvent = BookEvent> {
  readonly module: VenueModule<E>;
  readonly opts: VenueFeedOptions;
  readonly settings: FeedSettings;
  readonly clock: Clock;
  readonly log: Logger;
  /** Logs at most a burst per key and interval (a storm of faults is one line a while). */
  readonly limited: Limited;
  readonly pool: Pool;
  readonly pacer: Pacer;
  readonly tracker: ContinuityTracker<E>;
  readonly errors: VenueErrors;
  readonly c: VenueFeedCounters;
  /** The selected markets placed on a connection, by id. */
  readonly slots: Map<number, Slot>;
  /** Aborted by stop(): REST requests in flight or waiting for budget. */
  readonly signal: AbortSignal;
  listener: FeedListener | undefined;
  stopped: boolean;
  deliver(ev: E): void;
  invalidate(id: number, reason: InvalidateReason): void;
  /** A listener call that may throw: caught and logged. */
  guard(what: string, fn: () => void): void;
}

type Parts<E extends BookEvent> = Pick<FeedContext<E>, 'module' | 'opts' | 'settings' | 'clock' | 'limited' | 'pool' | 'pacer' | 'tracker' | 'errors' | 'signal'>;

export function createFeedContext<E extends BookEvent>(parts: Parts<E>): FeedContext<E> {
  const { limited } = parts;
  const ctx: FeedContext<E> = {
    ...parts,
    log: parts.opts.log,
    c: newCounters(),
    slots: new Map(),
    listener: undefined,
    stopped: false,
    guard(what, fn) {
      try { fn(); } catch (err) { limited('error', 'listener', { err: String(err) }, `${parts.module.venue}: listener.${what} threw`); }
    },
    deliver(ev) {
      ctx.c.bookEvents++;
      ctx.guard('event', () => ctx.listener!.event(ev));
    },
    invalidate(id, reason) {
      if (!ctx.stopped && ctx.listener) ctx.guard('invalidate', () => ctx.listener!.invalidate(id, reason));
    },
  };
  return ctx;
}
