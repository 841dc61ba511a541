// Map<venue, Streamer>: one engine per venue, each with its own batcher, keys and updates channel,
// so a venue that is down (or slow, or sending garbage) stops nothing but its own books. The
// live settings are one set for all: a change is validated once and applied to every engine.
import type { FeedConnections, LiveSettings, MarketStats, StatsSnapshot } from '@ob/protocol';
import type { ConfigureResult, Streamer } from '@ob/streamer';
import { combineStats } from './combine';

export interface Engine {
  readonly venue: string;
  /** How it was asked for in SOURCE (lighter, sim-okx, simulator...). */
  readonly source: string;
  readonly streamer: Streamer;
  /** The feed's connection view (the connection machinery's feeds have one). */
  readonly feedView?: () => FeedConnections | null;
}

export interface Engines {
  readonly list: readonly Engine[];
  readonly venues: readonly string[];
  get(venue: string): Engine | undefined;
  /** The first engine, in SOURCE order, whose subscribed markets include this symbol. */
  bySymbol(symbol: string): Engine | undefined;
  /** Every venue summed (combine.ts), or one venue's own. */
  stats(historySeconds?: number, venue?: string): StatsSnapshot;
  markets(): MarketStats[];
  configure(patch: unknown): ConfigureResult;
  settings(): LiveSettings;
  /** After each acked flush of any engine. */
  onFlush(listener: (venue: string, symbols: readonly string[]) => void): () => void;
  /** When any engine finds Redis reset (another server, or its keys gone). */
  onRedisReset(listener: (venue: string, why: string) => void): () => void;
}

export function createEngines(list: readonly Engine[]): Engines {
  if (list.length === 0) throw new Error('createEngines: no engine');
  const byVenue = new Map<string, Engine>();
  for (const e of list) {
    if (byVenue.has(e.venue)) throw new Error(`createEngines: two engines for venue ${e.venue}`);
    byVenue.set(e.venue, e);
  }
  const first = list[0]!.streamer;
  return {
    list,
    venues: list.map((e) => e.venue),
    get: (venue) => byVenue.get(venue),
    bySymbol: (symbol) => list.find((e) => e.streamer.markets().some((m) => m.symbol === symbol)),
    stats(historySeconds, venue) {
      if (venue !== undefined) return combineStats([byVenue.get(venue)!.streamer.stats(historySeconds)]);
      return combineStats(list.map((e) => e.streamer.stats(historySeconds)));
    },
    markets: () => list.flatMap((e) => e.streamer.markets()),
    configure(patch) {
      // Every engine holds the same settings, so the first one's verdict is every one's.
      const r = first.configure(patch);
      if (r.ok) for (const e of list.slice(1)) e.streamer.configure(patch);
      return r;
    },
    settings: () => first.settings(),
    onFlush(listener) {
      const offs = list.map((e) => e.streamer.onFlush((symbols) => listener(e.venue, symbols)));
      return () => { for (const off of offs) off(); };
    },
    onRedisReset(listener) {
      const offs = list.map((e) => e.streamer.onRedisReset((why) => listener(e.venue, why)));
      return () => { for (const off of offs) off(); };
    },
  };
}
