// The change streams and the updates channel as the server reads them from Redis, polled: one
// venue's, or (null) every venue's.
import type { StreamsResponse } from '@ob/protocol';
import { getStreams } from '../../api/client';
import { usePolled, type Polled } from '../../lib/usePolled';

export const STREAMS_POLL_MS = 2_000;

export type Streams = Polled<StreamsResponse>;

export const useStreams = (venue: string | null): Streams => usePolled((signal) => getStreams(venue, signal), STREAMS_POLL_MS, [venue]);
