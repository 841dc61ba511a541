// The venue registry: every venue the streamer can run, by name, one line each. Adding a venue
// is one folder under src/<venue>/ (its module) plus its line here (and its simulator's line in
// @ob/simulator's venues.ts). A module may hold per-engine state (a symbol → id registry), so
// each feed makes its own.
import type { Clock, FeedSource, MarketInfo, MarketKind } from '@ob/core';
import { binanceUsdmFeedModule } from './binance-usdm/feed-module';
import { createBybitVenue } from './bybit/index';
import { onlyAccepted } from './connection/accept';
import { createVenueFeed } from './connection/feed';
import type { Connect } from './connection/link';
import type { FetchMarketsOptions, MarketList, VenueModule } from './connection/types';
import type { FeedView } from './connection/view';
import { createHyperliquidVenue } from './hyperliquid/index';
import { lighterVenue } from './lighter/index';
import { createModuleFeed } from './module-feed/feed';
import type { FeedModule } from './module-feed/module';
import { createOkxVenue } from './okx/index';
import type { FeedLogger } from './runtime';

export interface CreateFeedOptions {
  wsUrl: string;
  restUrl: string;
  /** Symbols to stream; empty = every market the venue lists (of `kinds`). */
  symbols: readonly string[];
  log: FeedLogger;
  kinds?: readonly MarketKind[];
  marketsPerConnection?: number;
  marketsRefreshMs?: number;
  clock?: Clock;
  fetch?: typeof fetch;
  /** The socket dialer (record/replay wraps or replaces it); the module feed (Binance) has none yet. */
  connect?: Connect;
  /** Of the markets selected, only those this returns true for are streamed (a shard's share, SHARD=i/N). */
  accept?: (symbol: string) => boolean;
}

export interface RegisteredFeed extends FeedSource {
  /** The connections, budget and venue errors (feeds of the connection machinery). */
  view?(): FeedView;
}

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

/** The issue-15 modules name their decoder `parse` and some their URLs `default*Url`. */
interface IssueFifteenModule extends Omit<VenueModule, 'decode' | 'wsUrl' | 'restUrl'> {
  parse: VenueModule['decode'];
  wsUrl?: string; restUrl?: string; defaultWsUrl?: string; defaultRestUrl?: string;
}
const asVenueModule = (m: IssueFifteenModule): VenueModule => ({
  ...m, decode: m.parse, wsUrl: m.wsUrl ?? m.defaultWsUrl ?? '', restUrl: m.restUrl ?? m.defaultRestUrl ?? '',
});

/** A venue run by the connection machinery (connection/: pool, pacer, links, resync backoff, list refresh). */
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

/** A venue run by the module feed: Binance, whose books start from REST snapshots paced by a weight budget. */
const restSynced = (create: () => FeedModule): VenueEntry => {
  const probe = create();
  return {
    venue: probe.venue, defaultWsUrl: probe.defaultWsUrl, defaultRestUrl: probe.defaultRestUrl,
    createFeed: (o) => createModuleFeed({ module: onlyAccepted(create(), o.accept), ...o }),
    client() {
      const m = create();
      return { fetchMarkets: (o) => m.fetchMarkets(o), subscribe: (ms) => m.subscribe(ms), ping: m.ping, pingIntervalMs: m.pingIntervalMs, perConnection: m.perConnection };
    },
  };
};

export const VENUES: readonly VenueEntry[] = [
  pooled(() => lighterVenue),
  pooled(() => asVenueModule(createHyperliquidVenue() as unknown as IssueFifteenModule)),
  pooled(() => asVenueModule(createBybitVenue() as unknown as IssueFifteenModule)),
  restSynced(binanceUsdmFeedModule),
  pooled(() => asVenueModule(createOkxVenue() as unknown as IssueFifteenModule)),
];

export const venueNames = (): string[] => VENUES.map((v) => v.venue);
export const venueEntry = (name: string): VenueEntry | undefined => VENUES.find((v) => v.venue === name);
