// Markets of every venue: GET /api/markets (?venue=), and per market its stats, its in-memory
// book and what Redis holds for it, at /api/venues/:venue/markets/:symbol[/book|/redis]. The
// single-venue paths /api/markets/:symbol/book and /redis still answer, for the first venue (in
// SOURCE order) that lists the symbol.
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { BookQuery, BookSnapshot, MarketsQuery, type MarketStats, type RedisBookResponse } from '@ob/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { Value } from 'typebox/value';
import { bookKey } from '@ob/streamer';
import type { AppContext } from '../context';
import type { Engine } from '../engines/engines';
import { AppError } from '../errors';

const gunzipAsync = promisify(gunzip);
const Symbol_ = Type.String({ minLength: 1, maxLength: 64 });
const Venue = Type.String({ minLength: 1, maxLength: 40 });
const SymbolParams = Type.Object({ symbol: Symbol_ });
const VenueSymbolParams = Type.Object({ venue: Venue, symbol: Symbol_ });
const VenueParams = Type.Object({ venue: Venue });

export const marketsRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { engines } = ctx;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  const engineOrThrow = (venue: string): Engine => {
    const e = engines.get(venue);
    if (!e) throw new AppError('ERR_NOT_FOUND', `Unknown venue "${venue}"; this server streams ${engines.venues.join(', ')}.`);
    return e;
  };
  const marketOrThrow = (e: Engine, symbol: string): MarketStats => {
    const market = e.streamer.markets().find((m) => m.symbol === symbol);
    if (!market) throw new AppError('ERR_NOT_FOUND', `Unknown market "${symbol}" on ${e.venue}.`);
    return market;
  };
  const firstWith = (symbol: string): Engine => {
    const e = engines.bySymbol(symbol);
    if (!e) throw new AppError('ERR_NOT_FOUND', `Unknown market "${symbol}".`);
    return e;
  };

  const book = (e: Engine, symbol: string, depth: number | undefined) => {
    const market = marketOrThrow(e, symbol);
    const b = e.streamer.book(market.symbol, depth ?? market.depth);
    if (!b) throw new AppError('ERR_NOT_FOUND', `No book for "${market.symbol}" on ${e.venue} yet.`);
    return b;
  };

  const redisBook = async (e: Engine, symbol: string, req: FastifyRequest): Promise<RedisBookResponse> => {
    const market = marketOrThrow(e, symbol);
    const redis = ctx.redis;
    if (!redis || e.streamer.stats(1).redis.status === 'disabled') {
      throw new AppError('ERR_REDIS_UNAVAILABLE', 'This server runs without Redis: books are not being written.');
    }
    const plain = bookKey(ctx.prefix, e.venue, market.symbol, false);
    const gz = bookKey(ctx.prefix, e.venue, market.symbol, true);
    // After a compression switch the other encoding's key lives on until its TTL: look at the current one first.
    const keys = e.streamer.settings().compression === 'gzip' ? [gz, plain] : [plain, gz];
    for (const key of keys) {
      let raw: Buffer | null;
      let ttl: number;
      try {
        [raw, ttl] = await Promise.all([redis.getBuffer(key), redis.ttl(key)]);
      } catch (err) {
        req.log.warn({ err, key }, 'redis read failed');
        throw new AppError('ERR_REDIS_UNAVAILABLE', 'Redis did not answer.');
      }
      if (raw === null) continue;
      const compressed = key === gz;
      const text = (compressed ? await gunzipAsync(raw) : raw).toString('utf8');
      const snapshot: unknown = JSON.parse(text);
      if (!Value.Check(BookSnapshot, snapshot)) throw new Error(`${key} does not hold a BookSnapshot`);
      return { key, ttlSeconds: ttl, compressed, snapshot };
    }
    return { key: keys[0]!, ttlSeconds: -2, compressed: keys[0] === gz, snapshot: null };
  };

  r.get('/api/markets', { schema: { querystring: MarketsQuery } }, async (req) => {
    const venue = req.query.venue;
    return { markets: venue === undefined ? engines.markets() : engineOrThrow(venue).streamer.markets() };
  });
  r.get('/api/venues/:venue/markets', { schema: { params: VenueParams } }, async (req) => ({ markets: engineOrThrow(req.params.venue).streamer.markets() }));
  r.get('/api/venues/:venue/markets/:symbol', { schema: { params: VenueSymbolParams } }, async (req) =>
    marketOrThrow(engineOrThrow(req.params.venue), req.params.symbol));
  r.get('/api/venues/:venue/markets/:symbol/book', { schema: { params: VenueSymbolParams, querystring: BookQuery } }, async (req) =>
    book(engineOrThrow(req.params.venue), req.params.symbol, req.query.depth));
  r.get('/api/venues/:venue/markets/:symbol/redis', { schema: { params: VenueSymbolParams } }, async (req) =>
    redisBook(engineOrThrow(req.params.venue), req.params.symbol, req));

  r.get('/api/markets/:symbol/book', { schema: { params: SymbolParams, querystring: BookQuery } }, async (req) =>
    book(firstWith(req.params.symbol), req.params.symbol, req.query.depth));
  r.get('/api/markets/:symbol/redis', { schema: { params: SymbolParams } }, async (req) =>
    redisBook(firstWith(req.params.symbol), req.params.symbol, req));
};
