// GET /api/streams: the change stream's setting and each market's stream length (XLEN), and how
// many readers wait on the updates channel (PUBSUB NUMSUB), read from Redis on each request.
import type { StreamsResponse } from '@ob/protocol';
import { streamKey, updatesChannel } from '@ob/streamer';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';
import { AppError } from '../errors';

export const streamsRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/streams', async (req): Promise<StreamsResponse> => {
    const { streamer } = ctx;
    const stats = streamer.stats(1);
    const redis = ctx.redis;
    if (!redis || stats.redis.status === 'disabled') {
      throw new AppError('ERR_REDIS_UNAVAILABLE', 'This server runs without Redis: no streams, no channel.');
    }
    const venue = stats.feed.venue;
    const channel = updatesChannel(ctx.prefix, venue);
    const symbols = streamer.markets().map((m) => m.symbol).sort();
    const keys = symbols.map((s) => streamKey(ctx.prefix, venue, s));
    let lengths: number[];
    let numsub: unknown[];
    try {
      [lengths, numsub] = await Promise.all([Promise.all(keys.map((k) => redis.xlen(k))), redis.pubsub('NUMSUB', channel)]);
    } catch (e) {
      req.log.warn({ err: e }, 'redis read failed');
      throw new AppError('ERR_REDIS_UNAVAILABLE', 'Redis did not answer.');
    }
    const settings = streamer.settings();
    return {
      mode: settings.stream, maxLen: settings.streamMaxLen, channel,
      readers: Number(numsub[1] ?? 0),
      entries: stats.totals.streamEntries,
      streams: symbols.map((symbol, i) => ({ symbol, key: keys[i]!, length: lengths[i]! })),
    };
  });
};
