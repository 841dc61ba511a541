// Recording and replay as the server reports them (GET /api/capture), polled.
import { useEffect, useState } from 'react';
import type { CaptureResponse } from '@ob/protocol';
import { getCapture } from '../../api/client';

export const CAPTURE_POLL_MS = 2_000;

export interface Capture {
  data: CaptureResponse | null;
  error: string | null;
}

export function useCapture(): Capture {
  const [state, setState] = useState<Capture>({ data: null, error: null });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ctl = new AbortController();
    // One request at a time: the next poll starts a while after the last answer.
    const poll = async () => {
      try {
        const data = await getCapture(ctl.signal);
        if (!stopped) setState({ data, error: null });
      } catch (e) {
        if (!stopped) setState((s) => ({ ...s, error: e instanceof Error ? e.message : 'request failed' }));
      }
      if (!stopped) timer = setTimeout(poll, CAPTURE_POLL_MS);
    };
    void poll();
    return () => { stopped = true; ctl.abort(); clearTimeout(timer); };
  }, []);
  return state;
}
