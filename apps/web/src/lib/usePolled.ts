// One endpoint polled while a component shows it: one request at a time (the next starts
// `intervalMs` after the last answer), the last good data kept through errors, everything
// dropped when the inputs change or the component goes away.
import { useEffect, useRef, useState, type DependencyList } from 'react';

export interface Polled<T> {
  data: T | null;
  error: string | null;
  /** When `data` was read (this browser's clock); 0 before the first answer. */
  fetchedAt: number;
}

const EMPTY: Polled<never> = { data: null, error: null, fetchedAt: 0 };

/** Polls `read` while `enabled`; `deps` are what `read` depends on (a change starts afresh). */
export function usePolled<T>(read: (signal: AbortSignal) => Promise<T>, intervalMs: number, deps: DependencyList, enabled = true): Polled<T> {
  const [state, setState] = useState<Polled<T>>(EMPTY);
  // The latest closure, so callers need not memoize it; `deps` say when to start again.
  const readRef = useRef(read);
  readRef.current = read;
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ctl = new AbortController();
    const poll = async () => {
      try {
        const data = await readRef.current(ctl.signal);
        if (!stopped) setState({ data, error: null, fetchedAt: Date.now() });
      } catch (e) {
        if (!stopped) setState((s) => ({ ...s, error: e instanceof Error ? e.message : 'request failed' }));
      }
      if (!stopped) timer = setTimeout(poll, intervalMs);
    };
    void poll();
    return () => { stopped = true; ctl.abort(); clearTimeout(timer); setState(EMPTY); };
  }, [enabled, intervalMs, ...deps]);
  return state;
}
