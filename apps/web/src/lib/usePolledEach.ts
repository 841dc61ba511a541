// One endpoint polled for each of several venues at once (usePolled's loop, one round of
// requests at a time): a venue whose request fails carries its error beside the others' data.
import { usePolled, type Polled } from './usePolled';

export interface VenueResult<T> { venue: string; data: T | null; error: string | null }

const message = (e: unknown) => (e instanceof Error ? e.message : 'request failed');

export function usePolledEach<T>(
  read: (venue: string, signal: AbortSignal) => Promise<T>, intervalMs: number, venues: readonly string[], enabled = true,
): Polled<Array<VenueResult<T>>> {
  return usePolled(
    (signal) => Promise.all(venues.map((venue) => read(venue, signal).then(
      (data): VenueResult<T> => ({ venue, data, error: null }),
      (e: unknown): VenueResult<T> => ({ venue, data: null, error: message(e) }),
    ))),
    intervalMs, [venues.join(',')], enabled && venues.length > 0,
  );
}
