// /healthz: the process answers. /readyz: books are flowing (packages/streamer/src/readiness.ts):
// for a venue, its feed is connected, Redis takes writes, and 90 % of its markets have their
// book in Redis. The process is ready while any venue is (one venue down does not stop the
// others, so it does not make the process unready); the body names the others as degraded.
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';

export const healthRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const each = ctx.engines.list.map((e) => ({ venue: e.venue, s: e.streamer.stats(1) }));
    const { feed, redis, readiness } = ctx.engines.stats(1);
    const degraded = each.filter((e) => !e.s.readiness.ready).flatMap((e) => e.s.readiness.reasons.map((r) => `${e.venue}: ${r}`));
    return reply.code(readiness.ready ? 200 : 503).send({
      status: readiness.ready ? 'ready' : 'not ready',
      feed: feed.status,
      redis: redis.status,
      ...(redis.problem ? { redisProblem: { code: redis.problem.code, message: redis.problem.message, fix: redis.problem.fix } } : {}),
      books: { inRedis: readiness.booksInRedis, markets: readiness.markets, needed: readiness.needed },
      venues: Object.fromEntries(each.map((e) => [e.venue, {
        feed: e.s.feed.status, ready: e.s.readiness.ready,
        books: { inRedis: e.s.readiness.booksInRedis, markets: e.s.readiness.markets, needed: e.s.readiness.needed },
      }])),
      ...(readiness.ready ? (degraded.length ? { degraded } : {}) : { reasons: readiness.reasons }),
    });
  });
};
