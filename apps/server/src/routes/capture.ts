// GET /api/capture: what RECORD and SOURCE=replay:<dir> are doing (file, size, frames, rotations;
// progress and speed). Both null when neither is set.
import type { CaptureResponse } from '@ob/protocol';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';

export const captureRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/capture', async (): Promise<CaptureResponse> => ctx.capture());
};
