// GET /api/stats: current figures and up to 15 min of per-second history, of every venue summed
// or (?venue=) of one.
import { StatsQuery } from '@ob/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';
import { AppError } from '../errors';

export const statsRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.withTypeProvider<TypeBoxTypeProvider>().get('/api/stats', { schema: { querystring: StatsQuery } }, async (req) => {
    const { venue, seconds } = req.query;
    if (venue !== undefined && !ctx.engines.get(venue)) {
      throw new AppError('ERR_NOT_FOUND', `Unknown venue "${venue}"; this server streams ${ctx.engines.venues.join(', ')}.`);
    }
    return ctx.engines.stats(seconds ?? 900, venue);
  });
};
