// GET /api/feed: the venue connections (markets each, state, age, reconnects), the subscribe
// budget in use, venue error codes by code and market, markets stuck without a snapshot.
import { FeedConnections } from '@ob/protocol';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';
import { AppError } from '../errors';

export const feedRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/feed', { schema: { response: { 200: FeedConnections } } }, async () => {
    const view = ctx.feedView();
    if (!view) throw new AppError('ERR_NOT_FOUND', 'This feed has no connection view.');
    return view;
  });
};
