// REST and WebSocket shapes between apps/server and apps/web.
import Type, { type Static } from 'typebox';
import { LiveSettings } from './settings';
import { BookSnapshot, FeedState, MarketStats, RedisState, StatsSnapshot, Totals } from './stats';

/** Every 4xx/5xx body. 5xx bodies never carry internals. */
export const ErrorBody = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String({ description: 'ERR_CONFIG_RANGE, ERR_UNAUTHORIZED, ERR_READ_ONLY, ERR_FORBIDDEN_ORIGIN, ERR_NOT_FOUND, ERR_RATE_LIMITED, ERR_BAD_REQUEST, ERR_REDIS_UNAVAILABLE, ERR_INTERNAL (catalogue: apps/server/src/errors.ts)' }),
  message: Type.String(),
  fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), allowed: Type.String(), message: Type.String() }))),
});
export type ErrorBody = Static<typeof ErrorBody>;

export const ConfigChange = Type.Object({
  at: Type.Number({ description: 'ms since epoch' }),
  by: Type.String({ description: 'Who changed it: token holder / local / restored, plus client address.' }),
  changed: Type.Array(Type.String(), { description: 'Names of the settings that changed.' }),
});
export type ConfigChange = Static<typeof ConfigChange>;

export const ConfigResponse = Type.Object({
  settings: LiveSettings,
  lastChange: Type.Union([ConfigChange, Type.Null()]),
  /** Whether this server accepts changes at all, and whether it wants a token for them. */
  access: Type.Object({
    readOnly: Type.Boolean(),
    tokenRequired: Type.Boolean(),
  }),
});
export type ConfigResponse = Static<typeof ConfigResponse>;

export const MarketsResponse = Type.Object({ markets: Type.Array(MarketStats) });
export type MarketsResponse = Static<typeof MarketsResponse>;

export const MarketsQuery = Type.Object({
  venue: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Only this venue\'s markets.' })),
});

export const VenueInfo = Type.Object({
  venue: Type.String(),
  feed: FeedState,
  totals: Totals,
  redis: RedisState,
  channel: Type.String({ description: '{prefix}:updates:{venue}' }),
});
export type VenueInfo = Static<typeof VenueInfo>;
export const VenuesResponse = Type.Object({ venues: Type.Array(VenueInfo) });
export type VenuesResponse = Static<typeof VenuesResponse>;

/** One venue's best prices for an instrument, beside the other venues'. */
export const VenueQuote = Type.Object({
  venue: Type.String(),
  symbol: Type.String(),
  instrument: Type.String(),
  valid: Type.Boolean(),
  bid: Type.Union([Type.Tuple([Type.String(), Type.String()]), Type.Null()], { description: 'Best bid [price, size].' }),
  ask: Type.Union([Type.Tuple([Type.String(), Type.String()]), Type.Null()], { description: 'Best ask [price, size].' }),
  lastUpdateTs: Type.Number(),
  msgRate: Type.Number(),
});
export type VenueQuote = Static<typeof VenueQuote>;

/**
 * Markets of several venues trading the same thing. Venues quote a base in different stablecoins
 * (Hyperliquid and Lighter USDC, Binance USDT): they are joined on base and kind (`BTC-PERP`),
 * and each quote keeps its own instrument, quote currency included.
 */
export const InstrumentGroup = Type.Object({
  key: Type.String({ description: 'BASE-KIND, e.g. BTC-PERP.' }),
  base: Type.String(),
  kind: Type.String(),
  quotes: Type.Array(VenueQuote),
});
export type InstrumentGroup = Static<typeof InstrumentGroup>;
export const InstrumentsResponse = Type.Object({ instruments: Type.Array(InstrumentGroup) });
export type InstrumentsResponse = Static<typeof InstrumentsResponse>;

export const BookQuery = Type.Object({
  depth: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
});

const venueParam = Type.String({ minLength: 1, maxLength: 40, description: 'One venue\'s; absent: every venue\'s (summed, or the first one\'s where they do not add up).' });

/** ?venue= of the per-venue views (/api/feed, /api/streams, /api/capture). */
export const VenueQuery = Type.Object({ venue: Type.Optional(venueParam) });

export const StatsQuery = Type.Object({
  venue: Type.Optional(venueParam),
  seconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 900, default: 900, description: 'History samples to return (one per second).' })),
});

export const RedisBookResponse = Type.Object({
  key: Type.String(),
  ttlSeconds: Type.Number({ description: '-2 missing, -1 no expiry.' }),
  compressed: Type.Boolean(),
  snapshot: Type.Union([BookSnapshot, Type.Null()]),
});
export type RedisBookResponse = Static<typeof RedisBookResponse>;

export { StatsSnapshot as StatsResponse };

// ---- WebSocket /ws ----

/** Client → server. */
export const ClientFrame = Type.Union([
  Type.Object({
    type: Type.Literal('subscribe'), symbol: Type.String({ minLength: 1, maxLength: 64 }),
    /** Absent: the first venue (in SOURCE order) that lists the symbol. */
    venue: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    depth: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  }),
  Type.Object({ type: Type.Literal('unsubscribe'), symbol: Type.String({ minLength: 1, maxLength: 64 }), venue: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })) }),
  Type.Object({ type: Type.Literal('ping') }),
]);
export type ClientFrame = Static<typeof ClientFrame>;

/** Server → client. */
export const HelloFrame = Type.Object({
  type: Type.Literal('hello'),
  config: ConfigResponse,
  markets: Type.Array(MarketStats),
  statsHz: Type.Integer(),
});
export const StatsFrame = Type.Object({
  type: Type.Literal('stats'),
  /** history is the last few samples only; fetch GET /api/stats for the full 15 min. */
  stats: StatsSnapshot,
  markets: Type.Array(MarketStats),
  /** Each venue's own figures (the same shape, last few samples), when the process streams several. */
  venues: Type.Optional(Type.Array(StatsSnapshot)),
});
export const BookFrame = Type.Object({ type: Type.Literal('book'), book: BookSnapshot });
export const ConfigFrame = Type.Object({ type: Type.Literal('config'), config: ConfigResponse });
export const ErrorFrame = Type.Object({ type: Type.Literal('error'), code: Type.String(), message: Type.String() });
export const PongFrame = Type.Object({ type: Type.Literal('pong') });
export const ServerFrame = Type.Union([HelloFrame, StatsFrame, BookFrame, ConfigFrame, ErrorFrame, PongFrame]);
export type HelloFrame = Static<typeof HelloFrame>;
export type StatsFrame = Static<typeof StatsFrame>;
export type BookFrame = Static<typeof BookFrame>;
export type ConfigFrame = Static<typeof ConfigFrame>;
export type ErrorFrame = Static<typeof ErrorFrame>;
export type ServerFrame = Static<typeof ServerFrame>;
