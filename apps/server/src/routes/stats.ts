// GET /api/stats: current figures and up to 15 min of per-second history, of every venue summed
// or (?venue=) of one.
import { StatsQuery } from '@ob/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';
import { checkVenue } from './venue-query';

export const statsRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.withTypeProvider<TypeBoxTypeProvider>().get('/api/stats', { schema: { querystring: StatsQuery } }, async (req) => {
    const { venue, seconds } = req.query;
    checkVenue(ctx, venue);
    return ctx.engines.stats(seconds ?? 900, venue);
  });
};
