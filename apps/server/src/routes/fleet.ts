// GET /api/fleet: every instance reporting under this prefix (fleet/view.ts), read from Redis on each request.
import type { FleetView } from '@ob/protocol';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { readFleet } from '../fleet/view';

export const fleetRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/fleet', async (req): Promise<FleetView> => {
    const fleet = ctx.fleet;
    if (!fleet) throw new AppError('ERR_REDIS_UNAVAILABLE', 'This server runs without Redis: no fleet to show.');
    try {
      return await readFleet(fleet.redis, ctx.prefix, fleet.me.id);
    } catch (e) {
      req.log.warn({ err: e }, 'redis read failed');
      throw new AppError('ERR_REDIS_UNAVAILABLE', 'Redis did not answer.');
    }
  });
};
