// /healthz: the process answers. /readyz: Redis takes writes and at least one venue's feed is
// connected (one venue down does not stop the others, so it does not make the process unready;
// the body names it, and `venues` gives each one's state).
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';

export const healthRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const { feed, venues = [feed], redis } = ctx.engines.stats(1);
    const anyFeed = venues.some((v) => v.status === 'connected');
    const redisOk = redis.status === 'writable';
    const down = venues.filter((v) => v.status !== 'connected').map((v) => `${v.venue} feed is ${v.status}`);
    const notReady = [...(anyFeed ? [] : venues.length > 1 ? down : [`feed is ${feed.status}`]), ...(redisOk ? [] : [`redis is ${redis.status}`])];
    return reply.code(notReady.length ? 503 : 200).send({
      status: notReady.length ? 'not ready' : 'ready',
      feed: feed.status,
      redis: redis.status,
      venues: Object.fromEntries(venues.map((v) => [v.venue, v.status])),
      ...(notReady.length ? { reasons: notReady } : down.length ? { degraded: down } : {}),
    });
  });
};
