// The change streams and the updates channel as the server reads them from Redis, polled.
import type { StreamsResponse } from '@ob/protocol';
import { getStreams } from '../../api/client';
import { usePolled, type Polled } from '../../lib/usePolled';

export const STREAMS_POLL_MS = 2_000;

export type Streams = Polled<StreamsResponse>;

export const useStreams = (): Streams => usePolled(getStreams, STREAMS_POLL_MS, []);
