// The venue registry: every venue the streamer can run, by name. Adding a venue is one folder
// under src/<venue>/ (its module) plus one line here (and its simulator's line in
// @ob/simulator's venues.ts).
import type { Clock, FeedSource } from '@ob/core';
import { binanceUsdmFeedModule } from './binance-usdm/feed-module';
import { createBybitVenue } from './bybit/index';
import { createHyperliquidVenue } from './hyperliquid/index';
import { createLighterFeed } from './lighter/client';
import { createModuleFeed } from './module-feed/feed';
import { fromVenueModule, type FeedModule } from './module-feed/module';
import { createOkxVenue } from './okx/index';
import type { FeedLogger } from './runtime';

export interface CreateFeedOptions {
  wsUrl: string;
  restUrl: string;
  /** Symbols to stream; empty = every market the venue lists. */
  symbols: readonly string[];
  log: FeedLogger;
  clock?: Clock;
  fetch?: typeof fetch;
}

export interface VenueEntry {
  readonly venue: string;
  readonly defaultWsUrl: string;
  readonly defaultRestUrl: string;
  createFeed(opts: CreateFeedOptions): FeedSource;
}

const moduleVenue = (create: () => FeedModule): VenueEntry => {
  const probe = create();
  return {
    venue: probe.venue, defaultWsUrl: probe.defaultWsUrl, defaultRestUrl: probe.defaultRestUrl,
    createFeed: (o) => createModuleFeed({ module: create(), ...o }),
  };
};

const lighter: VenueEntry = {
  venue: 'lighter',
  defaultWsUrl: 'wss://mainnet.zklighter.elliot.ai/stream?readonly=true',
  defaultRestUrl: 'https://mainnet.zklighter.elliot.ai/api/v1/orderBooks',
  createFeed: (o) => createLighterFeed(o),
};

export const VENUES: readonly VenueEntry[] = [
  lighter,
  moduleVenue(() => fromVenueModule(createHyperliquidVenue())),
  moduleVenue(() => fromVenueModule(createBybitVenue())),
  moduleVenue(binanceUsdmFeedModule),
  moduleVenue(() => fromVenueModule(createOkxVenue())),
];

export const venueNames = (): string[] => VENUES.map((v) => v.venue);
export const venueEntry = (name: string): VenueEntry | undefined => VENUES.find((v) => v.venue === name);
