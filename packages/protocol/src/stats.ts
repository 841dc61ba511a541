// Figures the engine reports; the REST API, WS frames, /metrics and the dashboard all use these shapes.
import Type, { type Static } from 'typebox';

/** One second of activity (rates are per second over that second). */
export const StatsSample = Type.Object({
  t: Type.Number({ description: 'End of the second, ms since epoch.' }),
  messages: Type.Number({ description: 'Exchange book messages in.' }),
  bytes: Type.Number(),
  snapshots: Type.Number({ description: 'Keys SET in Redis.' }),
  pipelines: Type.Number({ description: 'Redis round trips.' }),
  /** messages ÷ snapshots over the same second; 0 when nothing was written. */
  compression: Type.Number(),
  flushP50: Type.Number({ description: 'ms, flush start → Redis ack.' }),
  flushP99: Type.Number(),
  stalenessP50: Type.Number({ description: 'ms, first change of a market → Redis ack of its write.' }),
  stalenessP99: Type.Number(),
  cpu: Type.Number({ description: 'Process CPU, % of one core.' }),
  rss: Type.Number({ description: 'bytes' }),
  heapUsed: Type.Number({ description: 'bytes' }),
  loopLagP99: Type.Number({ description: 'ms: how late the engine\'s flush and stats timers ran (p99 over the second)' }),
});
export type StatsSample = Static<typeof StatsSample>;

export const Totals = Type.Object({
  messages: Type.Number(),
  bytes: Type.Number(),
  snapshots: Type.Number(),
  pipelines: Type.Number(),
  skippedSelective: Type.Number({ description: 'Writes skipped by minChangeBps.' }),
  gaps: Type.Number(),
  resyncs: Type.Number(),
  reconnects: Type.Number(),
  parseErrors: Type.Number(),
  unknownTypes: Type.Number(),
  oversizeFrames: Type.Number(),
  redisErrors: Type.Number(),
  streamEntries: Type.Number({ description: 'Change-stream entries written (XADD), when the stream setting is on.' }),
});
export type Totals = Static<typeof Totals>;

export type FeedState = Static<typeof FeedState>;
export const FeedState = Type.Object({
  source: Type.String({ description: 'simulator | lighter | ...' }),
  venue: Type.String(),
  url: Type.String(),
  status: Type.Enum(['idle', 'connecting', 'connected', 'reconnecting', 'stopped']),
  markets: Type.Integer({ description: 'Markets subscribed.' }),
  validMarkets: Type.Integer({ description: 'Markets with a book built from a snapshot and no gap since.' }),
  counters: Type.Optional(Type.Record(Type.String(), Type.Number(), { description: 'The venue\'s own counters (checksum mismatches, REST weight, sockets...).' })),
});

export const RedisState = Type.Object({
  status: Type.Enum(['writable', 'down', 'disabled']),
  url: Type.String({ description: 'Without credentials.' }),
});

export const StatsSnapshot = Type.Object({
  now: Type.Number(),
  startedAt: Type.Number(),
  totals: Totals,
  /** The last complete second. */
  current: StatsSample,
  /** Oldest first, at most 900 samples (15 min). */
  history: Type.Array(StatsSample),
  feed: FeedState,
  /** One per venue the process streams, in SOURCE order (feed above is their sum when there are several). */
  venues: Type.Optional(Type.Array(FeedState)),
  redis: RedisState,
  pendingMarkets: Type.Integer(),
});
export type StatsSnapshot = Static<typeof StatsSnapshot>;

export const MarketStats = Type.Object({
  venue: Type.String(),
  market: Type.Integer(),
  symbol: Type.String(),
  instrument: Type.String({ description: 'BASE-QUOTE-KIND, or empty when the venue lists none.' }),
  valid: Type.Boolean({ description: 'False between a gap or disconnect and the next snapshot: not written.' }),
  messages: Type.Number(),
  writes: Type.Number(),
  msgRate: Type.Number({ description: 'Messages per second over the last 10 s.' }),
  writeRate: Type.Number({ description: 'Writes per second over the last 10 s.' }),
  lastUpdateTs: Type.Number({ description: 'ms since epoch, 0 = never.' }),
  lastWriteTs: Type.Number(),
  seq: Type.Number(),
  bestBid: Type.Union([Type.String(), Type.Null()]),
  bestAsk: Type.Union([Type.String(), Type.Null()]),
  bidLevels: Type.Integer(),
  askLevels: Type.Integer(),
  gaps: Type.Number(),
  depth: Type.Integer({ description: 'Levels per side written for this market.' }),
});
export type MarketStats = Static<typeof MarketStats>;

const Level = Type.Tuple([Type.String(), Type.String()], { description: '[price, size], the exchange\'s exact decimal strings.' });

/** The snapshot JSON stored at {prefix}:book:{venue}:{symbol}; also the in-memory view. */
export const BookSnapshot = Type.Object({
  venue: Type.String(),
  market: Type.Integer(),
  symbol: Type.String(),
  instrument: Type.Optional(Type.String({ description: 'What the market trades, venue-neutral: BASE-QUOTE-KIND (BTC-USDC-PERP), so readers can join venues. Absent when the venue lists none.' })),
  seq: Type.Number(),
  exchangeTs: Type.Number(),
  receivedTs: Type.Number(),
  writtenTs: Type.Number({ description: 'When the streamer built this snapshot for writing (0 for an in-memory view).' }),
  bids: Type.Array(Level, { description: 'Descending by price.' }),
  asks: Type.Array(Level, { description: 'Ascending by price.' }),
});
export type BookSnapshot = Static<typeof BookSnapshot>;
