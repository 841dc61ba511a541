// GET /ws: the dashboard's live stream.
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import type { OriginCheck } from '../security/origin';

export const wsRoutes: FastifyPluginAsync<{ ctx: AppContext; originAllowed: OriginCheck }> = async (app, { ctx, originAllowed }) => {
  app.get('/ws', {
    websocket: true,
    // Before the upgrade, so a foreign page gets a plain 403 and no socket.
    preValidation: async (req) => {
      if (!originAllowed(req.headers.origin, req.headers.host)) {
        ctx.hub.rejectedOrigin();
        throw new AppError('ERR_FORBIDDEN_ORIGIN', `Origin ${req.headers.origin} may not open /ws.`);
      }
    },
  }, (socket) => ctx.hub.add(socket));
};
