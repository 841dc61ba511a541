// The venue connections as the server's feed reports them (GET /api/feed), polled.
import type { FeedConnections } from '@ob/protocol';
import { getFeed } from '../../api/client';
import { usePolled, type Polled } from '../../lib/usePolled';

export const FEED_POLL_MS = 2_000;

export type Feed = Polled<FeedConnections>;

export const useFeed = (): Feed => usePolled(getFeed, FEED_POLL_MS, []);
