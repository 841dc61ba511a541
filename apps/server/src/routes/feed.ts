// GET /api/feed: the venue connections (markets each, state, age, reconnects), the subscribe
// budget in use, venue error codes by code and market, markets stuck without a snapshot; of
// ?venue= (default: the first venue that has a connection view).
import { FeedConnections, VenueQuery } from '@ob/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { checkVenue } from './venue-query';

export const feedRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.withTypeProvider<TypeBoxTypeProvider>().get('/api/feed', { schema: { querystring: VenueQuery, response: { 200: FeedConnections } } }, async (req) => {
    const { venue } = req.query;
    checkVenue(ctx, venue);
    const view = ctx.feedView(venue);
    if (!view) throw new AppError('ERR_NOT_FOUND', `${venue ? `The ${venue} feed has` : 'This feed has'} no connection view.`);
    return view;
  });
};
