// The change streams and the updates channel as the server reads them from Redis, polled.
import { useEffect, useState } from 'react';
import type { StreamsResponse } from '@ob/protocol';
import { getStreams } from '../../api/client';

export const STREAMS_POLL_MS = 2_000;

export interface Streams {
  data: StreamsResponse | null;
  error: string | null;
}

export function useStreams(): Streams {
  const [state, setState] = useState<Streams>({ data: null, error: null });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ctl = new AbortController();
    // One request at a time: the next poll starts a while after the last answer.
    const poll = async () => {
      try {
        const data = await getStreams(ctl.signal);
        if (!stopped) setState({ data, error: null });
      } catch (e) {
        if (!stopped) setState((s) => ({ ...s, error: e instanceof Error ? e.message : 'request failed' }));
      }
      if (!stopped) timer = setTimeout(poll, STREAMS_POLL_MS);
    };
    void poll();
    return () => { stopped = true; ctl.abort(); clearTimeout(timer); };
  }, []);
  return state;
}
