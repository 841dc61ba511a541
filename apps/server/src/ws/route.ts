// GET /ws: the dashboard's live stream.
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';
import { AppError } from '../errors';

export const wsRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/ws', {
    websocket: true,
    // Before the upgrade, so a foreign page gets a plain 403 and no socket.
    preValidation: async (req) => {
      if (!ctx.originAllowed(req.headers.origin, req.headers.host)) {
        ctx.hub.rejectedOrigin();
        throw new AppError('ERR_FORBIDDEN_ORIGIN', `Origin ${JSON.stringify(req.headers.origin?.slice(0, 200))} may not open /ws.`);
      }
    },
  }, (socket) => ctx.hub.add(socket));
};
