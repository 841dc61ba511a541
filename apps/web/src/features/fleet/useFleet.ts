// The fleet as this instance reads it from Redis (GET /api/fleet), polled.
import { useEffect, useState } from 'react';
import type { FleetView } from '@ob/protocol';
import { getFleet } from '../../api/client';

export const FLEET_POLL_MS = 2_000;

export interface Fleet {
  data: FleetView | null;
  error: string | null;
}

export function useFleet(): Fleet {
  const [state, setState] = useState<Fleet>({ data: null, error: null });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ctl = new AbortController();
    const poll = async () => {
      try {
        const data = await getFleet(ctl.signal);
        if (!stopped) setState({ data, error: null });
      } catch (e) {
        if (!stopped) setState((s) => ({ ...s, error: e instanceof Error ? e.message : 'request failed' }));
      }
      if (!stopped) timer = setTimeout(poll, FLEET_POLL_MS);
    };
    void poll();
    return () => { stopped = true; ctl.abort(); clearTimeout(timer); };
  }, []);
  return state;
}
