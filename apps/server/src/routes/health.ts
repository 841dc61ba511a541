// /healthz: the process answers. /readyz: books are flowing (packages/streamer/src/readiness.ts):
// the feed is connected, Redis takes writes, and 90 % of the markets have their book in Redis.
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';

export const healthRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const { feed, redis, readiness } = ctx.streamer.stats(1);
    return reply.code(readiness.ready ? 200 : 503).send({
      status: readiness.ready ? 'ready' : 'not ready',
      feed: feed.status,
      redis: redis.status,
      ...(redis.problem ? { redisProblem: { code: redis.problem.code, message: redis.problem.message, fix: redis.problem.fix } } : {}),
      books: { inRedis: readiness.booksInRedis, markets: readiness.markets, needed: readiness.needed },
      ...(readiness.ready ? {} : { reasons: readiness.reasons }),
    });
  });
};
