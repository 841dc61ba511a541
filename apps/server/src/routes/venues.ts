// GET /api/venues: each venue the process streams, with its feed's state, counters and totals.
import type { VenuesResponse } from '@ob/protocol';
import { updatesChannel } from '@ob/streamer';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';

export const venuesRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/venues', async (): Promise<VenuesResponse> => ({
    venues: ctx.engines.list.map((e) => {
      const s = e.streamer.stats(1);
      return { venue: e.venue, feed: s.feed, totals: s.totals, redis: s.redis, channel: updatesChannel(ctx.prefix, e.venue) };
    }),
  }));
};
