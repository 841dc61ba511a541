// GET /api/capture: what RECORD and SOURCE=replay:<dir> are doing (file, size, frames, rotations;
// progress and speed), of ?venue= (default: the first venue recording or replaying). Both null
// when neither is set.
import { VenueQuery, type CaptureResponse } from '@ob/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';
import { checkVenue } from './venue-query';

export const captureRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.withTypeProvider<TypeBoxTypeProvider>().get('/api/capture', { schema: { querystring: VenueQuery } }, async (req): Promise<CaptureResponse> => {
    checkVenue(ctx, req.query.venue);
    return ctx.capture(req.query.venue);
  });
};
