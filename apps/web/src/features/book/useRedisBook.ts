// What Redis holds for a market, polled while the comparison is shown.
import { useEffect, useState } from 'react';
import type { RedisBookResponse } from '@ob/protocol';
import { getRedisBook } from '../../api/client';

export const REDIS_POLL_MS = 1_000;

export interface RedisBook {
  data: RedisBookResponse | null;
  error: string | null;
  /** When `data` was read (this browser's clock). */
  fetchedAt: number;
}

export function useRedisBook(venue: string, symbol: string, enabled: boolean): RedisBook {
  const [state, setState] = useState<RedisBook>({ data: null, error: null, fetchedAt: 0 });
  useEffect(() => {
    if (!enabled || !venue) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ctl = new AbortController();
    // One request at a time: the next poll starts a second after the last answer.
    const poll = async () => {
      try {
        const data = await getRedisBook(venue, symbol, ctl.signal);
        if (!stopped) setState({ data, error: null, fetchedAt: Date.now() });
      } catch (e) {
        if (!stopped) setState((s) => ({ ...s, error: e instanceof Error ? e.message : 'request failed' }));
      }
      if (!stopped) timer = setTimeout(poll, REDIS_POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      ctl.abort();
      clearTimeout(timer);
      setState({ data: null, error: null, fetchedAt: 0 });
    };
  }, [venue, symbol, enabled]);
  return state;
}
