// GET /api/streams: the change stream's setting and each market's stream length (XLEN), and how
// many readers wait on each venue's updates channel (PUBSUB NUMSUB), read from Redis on each
// request; of every venue, or of ?venue= alone.
import { VenueQuery, type StreamsResponse } from '@ob/protocol';
import { streamKey, updatesChannel } from '@ob/streamer';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { checkVenue } from './venue-query';

export const streamsRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.withTypeProvider<TypeBoxTypeProvider>().get('/api/streams', { schema: { querystring: VenueQuery } }, async (req): Promise<StreamsResponse> => {
    const { engines } = ctx;
    const { venue } = req.query;
    checkVenue(ctx, venue);
    const stats = engines.stats(1, venue);
    const redis = ctx.redis;
    if (!redis || stats.redis.status === 'disabled') {
      throw new AppError('ERR_REDIS_UNAVAILABLE', 'This server runs without Redis: no streams, no channel.');
    }
    const list = venue === undefined ? engines.list : engines.list.filter((e) => e.venue === venue);
    const rows = list.flatMap((e) => e.streamer.markets().map((m) => m.symbol).sort()
      .map((symbol) => ({ venue: e.venue, symbol, key: streamKey(ctx.prefix, e.venue, symbol) })));
    const venues = list.map((e) => e.venue);
    const channels = venues.map((v) => updatesChannel(ctx.prefix, v));
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
      ...(channels.length > 1 ? { channels: venues.map((v, i) => ({ venue: v, channel: channels[i]!, readers: readersOf[i]! })) } : {}),
      entries: stats.totals.streamEntries,
      streams: rows.map((r, i) => ({ ...r, length: lengths[i]! })),
    };
  });
};
