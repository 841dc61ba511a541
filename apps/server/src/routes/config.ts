// GET/PATCH /api/config: the live settings. A PATCH is validated whole by the engine and
// applied all or nothing; it takes effect on the next flush.
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';
import { AppError } from '../errors';

export const configRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/config', async () => ctx.config.get());

  app.patch('/api/config', {
    config: { rateLimit: { max: ctx.configChangesPerMinute, timeWindow: 60_000 } },
  }, async (req) => {
    const who = ctx.auth.check(req);
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
