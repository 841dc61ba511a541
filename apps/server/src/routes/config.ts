// GET/PATCH /api/config: the live settings. A PATCH is validated whole by the engine and
// applied all or nothing; it takes effect on the next flush.
//
// Order of the checks on a PATCH (issue 20.3): Origin, then the token, then the rate limits, so a
// flood of wrong tokens is limited on its own (429 after FAILED_ATTEMPTS_PER_MINUTE) and never
// uses up the changes limit of the token holder, who is counted only once authorized.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { AppError } from '../errors';

export const configRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const changedBy = new WeakMap<FastifyRequest, string>();

  app.get('/api/config', async () => ctx.config.get());

  app.patch('/api/config', {
    preValidation: async (req, reply) => {
      if (!ctx.originAllowed(req.headers.origin, req.headers.host)) {
        throw new AppError('ERR_FORBIDDEN_ORIGIN', `Origin ${JSON.stringify(req.headers.origin?.slice(0, 200))} may not change settings.`);
      }
      try {
        changedBy.set(req, ctx.auth.check(req));
      } catch (e) {
        const wait = e instanceof AppError && e.code === 'ERR_UNAUTHORIZED' ? ctx.failedAttempts.hit(req.ip) : 0;
        if (wait > 0) {
          const s = Math.ceil(wait / 1000);
          reply.header('retry-after', String(s));
          throw new AppError('ERR_TOO_MANY_ATTEMPTS', `More than ${ctx.failedAttemptsPerMinute} failed attempts a minute from ${req.ip}; retry in ${s} s.`);
        }
        throw e;
      }
    },
    // After the token check (preValidation): only authorized requests count towards it.
    config: { rateLimit: { max: ctx.configChangesPerMinute, timeWindow: 60_000, hook: 'preHandler' } },
  }, async (req) => {
    const who = changedBy.get(req)!;
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new AppError('ERR_BAD_REQUEST', 'The body must be a JSON object of settings to change, e.g. {"batchIntervalMs":200}.');
    }
    const result = await ctx.config.apply(body, who);
    if (!result.ok) {
      throw new AppError('ERR_CONFIG_RANGE', `Invalid settings: ${result.errors.map((e) => e.message).join('; ')}.`, result.errors);
    }
    return result.config;
  });
};
