// The venue connections as the server's feed reports them (GET /api/feed), polled: one venue's,
// or each venue's for the side-by-side table. null: the venue's adapter keeps no connection view.
import type { FeedConnections } from '@ob/protocol';
import { ApiError, getFeed } from '../../api/client';
import { usePolled, type Polled } from '../../lib/usePolled';
import { usePolledEach, type VenueResult } from '../../lib/usePolledEach';

export const FEED_POLL_MS = 2_000;

export type Feed = Polled<FeedConnections | null>;

/** A 404 for a venue the server streams means its adapter has no view: a fact, not a failure. */
const readFeed = (venue: string, signal: AbortSignal) => getFeed(venue, signal).catch((e: unknown) => {
  if (e instanceof ApiError && e.status === 404) return null;
  throw e;
});

export const useFeed = (venue: string): Feed => usePolled((signal) => readFeed(venue, signal), FEED_POLL_MS, [venue]);

export const useFeeds = (venues: readonly string[]): Polled<Array<VenueResult<FeedConnections | null>>> =>
  usePolledEach(readFeed, FEED_POLL_MS, venues);
