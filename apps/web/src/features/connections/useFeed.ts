// The venue connections as the server's feed reports them (GET /api/feed), polled.
import { useEffect, useState } from 'react';
import type { FeedConnections } from '@ob/protocol';
import { getFeed } from '../../api/client';

export const FEED_POLL_MS = 2_000;

export interface Feed {
  data: FeedConnections | null;
  error: string | null;
}

export function useFeed(): Feed {
  const [state, setState] = useState<Feed>({ data: null, error: null });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ctl = new AbortController();
    // One request at a time: the next poll starts a while after the last answer.
    const poll = async () => {
      try {
        const data = await getFeed(ctl.signal);
        if (!stopped) setState({ data, error: null });
      } catch (e) {
        if (!stopped) setState((s) => ({ ...s, error: e instanceof Error ? e.message : 'request failed' }));
      }
      if (!stopped) timer = setTimeout(poll, FEED_POLL_MS);
    };
    void poll();
    return () => { stopped = true; ctl.abort(); clearTimeout(timer); };
  }, []);
  return state;
}
