// Chart history: seeded from GET /api/stats at every (re)connect, then extended by each
// stats frame's latest samples, de-duplicated by t and capped at HISTORY_CAP.
import { useEffect, useState } from 'react';
import type { StatsSample } from '@ob/protocol';
import { getStats } from '../../api/client';
import { useLive } from '../../live/LiveContext';
import { useFilteredStats } from '../venues/useVenueFilter';
import { HISTORY_CAP, mergeSamples } from './history';

/** The charts' samples: every venue summed, or one venue's (venue given). */
export function useStatsHistory(venue: string | null = null): readonly StatsSample[] {
  const { session } = useLive();
  const stats = useFilteredStats(venue);
  const [history, setHistory] = useState<readonly StatsSample[]>([]);

  useEffect(() => {
    if (session === 0) return;
    setHistory([]); // another venue's samples must not mix in
    const ctl = new AbortController();
    getStats(HISTORY_CAP, ctl.signal, venue)
      .then((s) => setHistory((h) => mergeSamples(h, [...s.history, s.current])))
      .catch(() => { /* the live frames still fill the charts */ });
    return () => ctl.abort();
  }, [session, venue]);

  useEffect(() => {
    if (!stats) return;
    const latest = stats.history.length > 0 ? stats.history.slice(-10) : [];
    const last = latest[latest.length - 1];
    const incoming = !last || last.t < stats.current.t ? [...latest, stats.current] : latest;
    setHistory((h) => mergeSamples(h, incoming));
  }, [stats]);

  return history;
}
