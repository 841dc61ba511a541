// /healthz: the process answers. /readyz: the feed is connected and Redis takes writes.
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';

export const healthRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const { feed, redis } = ctx.streamer.stats(1);
    const feedOk = feed.status === 'connected';
    const redisOk = redis.status === 'writable';
    const notReady = [...(feedOk ? [] : [`feed is ${feed.status}`]), ...(redisOk ? [] : [`redis is ${redis.status}`])];
    return reply.code(notReady.length ? 503 : 200).send({
      status: notReady.length ? 'not ready' : 'ready',
      feed: feed.status,
      redis: redis.status,
      ...(notReady.length ? { reasons: notReady } : {}),
    });
  });
};
