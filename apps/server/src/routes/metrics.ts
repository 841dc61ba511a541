// GET /metrics in the Prometheus text format.
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';
import { createMetrics } from '../metrics/registry';

export const metricsRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const metrics = createMetrics(ctx.engines, () => ctx.hub.counters(), (venue) => ctx.feedView(venue));
  app.get('/metrics', async (_req, reply) => {
    const text = await metrics.render();
    return reply.type(metrics.registry.contentType).send(text);
  });
};
