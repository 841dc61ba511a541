// GET /api/stats: current figures and up to 15 min of per-second history.
import { StatsQuery } from '@ob/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';

export const statsRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.withTypeProvider<TypeBoxTypeProvider>().get('/api/stats', { schema: { querystring: StatsQuery } }, async (req) => {
    return ctx.streamer.stats(req.query.seconds ?? 900);
  });
};
