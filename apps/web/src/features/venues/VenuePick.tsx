// A venue's name in a per-venue table: a click shows that venue alone on every panel.
import { useVenueFilter } from './useVenueFilter';

export function VenuePick({ venue }: { venue: string }) {
  const [, setVenue] = useVenueFilter();
  return (
    <button type="button" className="venue-pick" onClick={() => setVenue(venue)} data-testid="venue-pick" data-venue={venue} title={`Show ${venue} alone on every panel`}>
      {venue}
    </button>
  );
}
