// What Redis holds for a market, polled while the comparison is shown.
import type { RedisBookResponse } from '@ob/protocol';
import { getRedisBook } from '../../api/client';
import { usePolled, type Polled } from '../../lib/usePolled';

export const REDIS_POLL_MS = 1_000;

export type RedisBook = Polled<RedisBookResponse>;

export const useRedisBook = (venue: string, symbol: string, enabled: boolean): RedisBook =>
  usePolled((signal) => getRedisBook(venue, symbol, signal), REDIS_POLL_MS, [venue, symbol], enabled && venue !== '');
