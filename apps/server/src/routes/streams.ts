// GET /api/streams: the change stream's setting and each market's stream length (XLEN), and how
// many readers wait on each venue's updates channel (PUBSUB NUMSUB), read from Redis on each request.
import type { StreamsResponse } from '@ob/protocol';
import { streamKey, updatesChannel } from '@ob/streamer';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';
import { AppError } from '../errors';

export const streamsRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/streams', async (req): Promise<StreamsResponse> => {
    const { engines } = ctx;
    const stats = engines.stats(1);
    const redis = ctx.redis;
    if (!redis || stats.redis.status === 'disabled') {
      throw new AppError('ERR_REDIS_UNAVAILABLE', 'This server runs without Redis: no streams, no channel.');
    }
    const rows = engines.list.flatMap((e) => e.streamer.markets().map((m) => m.symbol).sort()
      .map((symbol) => ({ venue: e.venue, symbol, key: streamKey(ctx.prefix, e.venue, symbol) })));
    const channels = engines.venues.map((v) => updatesChannel(ctx.prefix, v));
    let lengths: number[];
    let numsub: unknown[];
    try {
      [lengths, numsub] = await Promise.all([Promise.all(rows.map((r) => redis.xlen(r.key))), redis.pubsub('NUMSUB', ...channels)]);
    } catch (e) {
      req.log.warn({ err: e }, 'redis read failed');
      throw new AppError('ERR_REDIS_UNAVAILABLE', 'Redis did not answer.');
    }
    const readersOf = channels.map((_, i) => Number(numsub[2 * i + 1] ?? 0));
    const settings = engines.settings();
    return {
      mode: settings.stream, maxLen: settings.streamMaxLen, channel: channels[0]!,
      readers: readersOf.reduce((a, b) => a + b, 0),
      ...(channels.length > 1 ? { channels: engines.venues.map((venue, i) => ({ venue, channel: channels[i]!, readers: readersOf[i]! })) } : {}),
      entries: stats.totals.streamEntries,
      streams: rows.map((r, i) => ({ ...r, length: lengths[i]! })),
    };
  });
};
