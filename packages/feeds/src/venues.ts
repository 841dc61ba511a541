// The venue registry: every venue the streamer can run, by name, one line each. Adding a venue
// is one folder under src/<venue>/ (its VenueModule) plus its line here (and its simulator's line
// in @ob/simulator's venues.ts). A module may hold per-feed state (a symbol → id registry, the
// ids of requests awaiting an answer), so each feed makes its own.
import type { Clock, MarketInfo, MarketKind } from '@ob/core';
import { createBinanceUsdmVenue } from './binance-usdm/index';
import { createBybitVenue } from './bybit/index';
import { createVenueFeed, type VenueFeed } from './connection/feed';
import type { Connect } from './connection/link';
import type { FetchMarketsOptions, MarketList, VenueModule } from './connection/types';
import { createHyperliquidVenue } from './hyperliquid/index';
import { createLighterVenue } from './lighter/index';
import { createOkxVenue } from './okx/index';
import type { FeedLogger } from './runtime';

export interface CreateFeedOptions {
  wsUrl: string;
  restUrl: string;
  /** Symbols to stream; empty = every market the venue lists (of `kinds`). */
  symbols: readonly string[];
  log: FeedLogger;
  kinds?: readonly MarketKind[];
  /** Markets this process may stream (a shard's share, SHARD=i/N; absent: all): refused ones are neither subscribed nor written. */
  accept?: (symbol: string) => boolean;
  marketsPerConnection?: number;
  marketsRefreshMs?: number;
  clock?: Clock;
  fetch?: typeof fetch;
  /** The socket dialer (record/replay wraps or replaces it). */
  connect?: Connect;
}

/** Every registered venue runs on connection/ (pool, pacer, links, resync backoff, list refresh). */
export type RegisteredFeed = VenueFeed;

/**
 * What any client of the venue must send to get its book frames: the market list, the subscribe
 * texts and the keepalive; no books, no continuity. The bench's baseline consumer (ws +
 * JSON.parse) subscribes with it, so it gets the very frames the feed gets.
 */
export interface VenueClient {
  fetchMarkets(opts: FetchMarketsOptions): Promise<MarketList>;
  subscribe(markets: readonly MarketInfo[]): string[];
  /** Our keepalive text; absent: the venue pings us (WebSocket pings, answered by the socket). */
  readonly ping?: string;
  readonly pingIntervalMs: number;
  /** Markets the feed puts on one connection. */
  readonly perConnection: number;
}

export interface VenueEntry {
  readonly venue: string;
  readonly defaultWsUrl: string;
  readonly defaultRestUrl: string;
  createFeed(opts: CreateFeedOptions): RegisteredFeed;
  /** A fresh module's client side (a module may hold per-engine state, so one each). */
  client(): VenueClient;
}

/** A venue run by connection/ (pool, pacer, links, resync backoff, list refresh, REST snapshots). */
const pooled = (create: () => VenueModule): VenueEntry => {
  const probe = create();
  return {
    venue: probe.venue, defaultWsUrl: probe.wsUrl, defaultRestUrl: probe.restUrl,
    createFeed: (o) => createVenueFeed(create(), o),
    client() {
      const m = create();
      return { fetchMarkets: (o) => m.fetchMarkets(o), subscribe: (ms) => m.subscribe(ms), ping: m.ping, pingIntervalMs: m.limits.pingIntervalMs, perConnection: m.limits.subscriptionsPerConnection };
    },
  };
};

export const VENUES: readonly VenueEntry[] = [
  pooled(createLighterVenue),
  pooled(createHyperliquidVenue),
  pooled(createBybitVenue),
  pooled(createBinanceUsdmVenue),
  pooled(createOkxVenue),
];

export const venueNames = (): string[] => VENUES.map((v) => v.venue);
export const venueEntry = (name: string): VenueEntry | undefined => VENUES.find((v) => v.venue === name);
