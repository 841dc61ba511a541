// GET /api/markets, the in-memory book of one market, and what Redis holds for it now.
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { BookQuery, BookSnapshot, type RedisBookResponse } from '@ob/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { Value } from 'typebox/value';
import { bookKey } from '@ob/streamer';
import type { AppContext } from '../context';
import { AppError } from '../errors';

const gunzipAsync = promisify(gunzip);
const SymbolParams = Type.Object({ symbol: Type.String({ minLength: 1, maxLength: 64 }) });

export const marketsRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { streamer } = ctx;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  const marketOrThrow = (symbol: string) => {
    const market = streamer.markets().find((m) => m.symbol === symbol);
    if (!market) throw new AppError('ERR_NOT_FOUND', `Unknown market "${symbol}".`);
    return market;
  };

  r.get('/api/markets', async () => ({ markets: streamer.markets() }));

  r.get('/api/markets/:symbol/book', { schema: { params: SymbolParams, querystring: BookQuery } }, async (req) => {
    const market = marketOrThrow(req.params.symbol);
    const book = streamer.book(market.symbol, req.query.depth ?? market.depth);
    if (!book) throw new AppError('ERR_NOT_FOUND', `No book for "${market.symbol}" yet.`);
    return book;
  });

  r.get('/api/markets/:symbol/redis', { schema: { params: SymbolParams } }, async (req): Promise<RedisBookResponse> => {
    const market = marketOrThrow(req.params.symbol);
    const redis = ctx.redis;
    if (!redis || streamer.stats(1).redis.status === 'disabled') {
      throw new AppError('ERR_REDIS_UNAVAILABLE', 'This server runs without Redis: books are not being written.');
    }
    const venue = streamer.stats(1).feed.venue;
    const plain = bookKey(ctx.prefix, venue, market.symbol, false);
    const gz = bookKey(ctx.prefix, venue, market.symbol, true);
    // After a compression switch the other encoding's key lives on until its TTL: look at the current one first.
    const keys = streamer.settings().compression === 'gzip' ? [gz, plain] : [plain, gz];
    for (const key of keys) {
      let raw: Buffer | null;
      let ttl: number;
      try {
        [raw, ttl] = await Promise.all([redis.getBuffer(key), redis.ttl(key)]);
      } catch (e) {
        req.log.warn({ err: e, key }, 'redis read failed');
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
  });
};
