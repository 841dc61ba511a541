// One view of a venue module for the module feed, over the two shapes the issue-15 adapters were
// written against (venue-shape.ts: Hyperliquid, Bybit; shared/venue-types.ts: Binance USD-M,
// OKX). Both answer frames with the same VenueFrame kinds and their trackers with the same
// verdict numbers (0 deliver, 1 drop, 2 gap; OKX adds 3, a checksum mismatch).
import type { BookEvent, Clock, MarketInfo } from '@ob/core';
import type { FetchMarketsOptions, MarketList } from '../venue-shape';

export const DELIVER = 0;
export const DROP = 1;
export const GAP = 2;
/** OKX: the book after this event does not match the venue's checksum. */
export const CHECKSUM = 3;
/** Every tracker numbers "subscribed, waiting for a snapshot" 1 (Binance: buffering for a REST snapshot). */
export const AWAITING = 1;

export type ModuleFrame =
  | { type: 'book'; event: BookEvent }
  | { type: 'ack'; markets: number[] }
  | { type: 'error'; code: string; message: string; market?: number }
  | { type: 'ping'; reply: string }
  | { type: 'pong' }
  | { type: 'connected' }
  | { type: 'unknown'; name: string }
  | { type: 'invalid'; reason: string };

export interface ModuleTracker {
  check(ev: BookEvent): number;
  await(id: number, now: number): void;
  idle(id: number): void;
  phaseOf(id: number): number;
  counters(): Readonly<Record<string, number>>;
  /** REST-synced venues: applies a snapshot against the market's buffered events. */
  sync?(snap: BookEvent): SyncResult;
}

export type SyncResult = { verdict: 'synced'; deliver: BookEvent[] } | { verdict: 'stale' | 'gap' | 'ignored' };

/** Venues whose book starts from a REST snapshot (Binance): the feed fetches one for a market that waits. */
export interface RestSync {
  snapshot(market: MarketInfo, signal: AbortSignal): Promise<BookEvent>;
  counters(): Readonly<Record<string, number>>;
}

export interface FeedModule {
  readonly venue: string;
  readonly defaultWsUrl: string;
  readonly defaultRestUrl: string;
  fetchMarkets(opts: FetchMarketsOptions): Promise<MarketList>;
  subscribe(markets: readonly MarketInfo[]): string[];
  unsubscribe(markets: readonly MarketInfo[]): string[];
  /** Application-level ping; absent: the venue pings us (WebSocket pings, answered by the socket). */
  readonly ping?: string;
  readonly pingIntervalMs: number;
  /** Markets we put on one socket (the venue's cap, or our documented choice under it). */
  readonly perConnection: number;
  /** Client messages we send per second per socket: half the venue's documented rate. */
  readonly messagesPerSecond: number;
  parse(text: string, receivedTs: number): ModuleFrame;
  createTracker(): ModuleTracker;
  /** Present for REST-synced venues; given the REST URL and the clock once per feed. */
  createRestSync?(restUrl: string, fetchFn: typeof fetch, clock: Clock): RestSync;
}

/** The fields both module shapes share, loosely typed so either fits. */
export interface AnyVenueModule {
  readonly venue: string;
  readonly wsUrl?: string;
  readonly restUrl?: string;
  readonly defaultWsUrl?: string;
  readonly defaultRestUrl?: string;
  readonly limits: { subscriptionsPerConnection: number; pingIntervalMs: number; messagesPerSecond?: number; messagesPerMinute?: number };
  readonly ping?: string;
  fetchMarkets(opts: FetchMarketsOptions): Promise<MarketList>;
  subscribe(markets: readonly MarketInfo[]): string[];
  unsubscribe(markets: readonly MarketInfo[]): string[];
  parse(text: string, receivedTs: number): ModuleFrame;
  createTracker(): {
    check(ev: BookEvent): number;
    await(id: number, now: number): void;
    idle(id: number): void;
    readonly phase: Uint8Array | ((id: number) => number);
    counters?(): Readonly<Record<string, number>> | object;
    snapshot?(snap: never): SyncResult;
  };
}

/** Without a documented client rate, this many messages a second per socket. */
const DEFAULT_MESSAGES_PER_SECOND = 5;

export function fromVenueModule(m: AnyVenueModule, extra: { createRestSync?: FeedModule['createRestSync'] } = {}): FeedModule {
  const documented = m.limits.messagesPerSecond ?? (m.limits.messagesPerMinute !== undefined ? m.limits.messagesPerMinute / 60 : DEFAULT_MESSAGES_PER_SECOND * 2);
  return {
    venue: m.venue,
    defaultWsUrl: m.wsUrl ?? m.defaultWsUrl ?? '',
    defaultRestUrl: m.restUrl ?? m.defaultRestUrl ?? '',
    fetchMarkets: (o) => m.fetchMarkets(o),
    subscribe: (ms) => m.subscribe(ms),
    unsubscribe: (ms) => m.unsubscribe(ms),
    ping: m.ping,
    pingIntervalMs: m.limits.pingIntervalMs,
    perConnection: m.limits.subscriptionsPerConnection,
    messagesPerSecond: Math.max(1, documented / 2),
    parse: (text, ts) => m.parse(text, ts),
    createTracker(): ModuleTracker {
      const t = m.createTracker();
      const phase = t.phase;
      return {
        check: (ev) => t.check(ev),
        await: (id, now) => t.await(id, now),
        idle: (id) => t.idle(id),
        phaseOf: typeof phase === 'function' ? (id) => phase(id) : (id) => phase[id] ?? 0,
        counters: () => (t.counters?.() ?? {}) as Readonly<Record<string, number>>,
        sync: t.snapshot ? (snap) => t.snapshot!(snap as never) : undefined,
      };
    },
    createRestSync: extra.createRestSync,
  };
}
