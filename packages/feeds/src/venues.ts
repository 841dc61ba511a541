// The venue registry: every venue the streamer can run, by name, one line each. Adding a venue
// is one folder under src/<venue>/ (its VenueModule) plus its line here (and its simulator's line
// in @ob/simulator's venues.ts). A module may hold per-feed state (a symbol → id registry, the
// ids of requests awaiting an answer), so each feed makes its own.
import type { Clock, MarketKind } from '@ob/core';
import { createBinanceUsdmVenue } from './binance-usdm/index';
import { createBybitVenue } from './bybit/index';
import { createVenueFeed, type VenueFeed } from './connection/feed';
import type { Connect } from './connection/link';
import type { VenueModule } from './connection/types';
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
  /** Markets this process may stream (absent: all): refused ones are neither subscribed nor written. */
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

export interface VenueEntry {
  readonly venue: string;
  readonly defaultWsUrl: string;
  readonly defaultRestUrl: string;
  createFeed(opts: CreateFeedOptions): RegisteredFeed;
}

const pooled = (create: () => VenueModule): VenueEntry => {
  const probe = create();
  return {
    venue: probe.venue, defaultWsUrl: probe.wsUrl, defaultRestUrl: probe.restUrl,
    createFeed: (o) => createVenueFeed(create(), o),
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
