// The venue filter lives in the URL (?venue=okx), so a filtered view can be shared and survives
// a reload; null is every venue.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { StatsSnapshot } from '@ob/protocol';
import { useLive } from '../../live/LiveContext';

export function useVenueFilter(): [string | null, (venue: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const venue = params.get('venue');
  const set = useCallback((v: string | null) => {
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (v) next.set('venue', v); else next.delete('venue');
      return next;
    }, { replace: true });
  }, [setParams]);
  return [venue, set];
}

/** The venues the server streams, in its order. */
export function useVenues(): string[] {
  const { venueStats, markets } = useLive();
  if (venueStats.length > 0) return venueStats.map((s) => s.feed.venue);
  return [...new Set(markets.map((m) => m.venue))];
}

/**
 * The venue the panels show on their own: the filter's, or the server's only venue; null while
 * they show several side by side.
 */
export function useVenueInView(): { venue: string | null; venues: string[] } {
  const [filtered] = useVenueFilter();
  const venues = useVenues();
  return { venue: filtered ?? (venues.length === 1 ? venues[0]! : null), venues };
}

/** The figures the filter selects: one venue's, or every venue summed. */
export function useFilteredStats(venue: string | null): StatsSnapshot | null {
  const { stats, venueStats } = useLive();
  if (!venue) return stats;
  return venueStats.find((s) => s.feed.venue === venue) ?? null;
}
