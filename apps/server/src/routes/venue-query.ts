// ?venue= on the routes that answer for one venue or all: an unknown venue is a 404 naming the
// ones this server streams, not an empty answer that looks like a venue with nothing in it.
import type { AppContext } from '../context';
import { AppError } from '../errors';

export function checkVenue(ctx: AppContext, venue: string | undefined): void {
  if (venue !== undefined && !ctx.engines.get(venue)) {
    throw new AppError('ERR_NOT_FOUND', `Unknown venue "${venue}"; this server streams ${ctx.engines.venues.join(', ')}.`);
  }
}
