// All venues, or one: filters the tiles, the charts and the markets table below it.
import { useVenueFilter, useVenues } from './useVenueFilter';

export function VenueFilter() {
  const venues = useVenues();
  const [venue, setVenue] = useVenueFilter();
  if (venues.length < 2) return null;
  return (
    <div className="segmented venue-filter" role="group" aria-label="Venue filter" data-testid="venue-filter">
      <button type="button" aria-pressed={venue === null} onClick={() => setVenue(null)}>All venues</button>
      {venues.map((v) => (
        <button key={v} type="button" aria-pressed={venue === v} onClick={() => setVenue(v)} data-venue={v}>{v}</button>
      ))}
    </div>
  );
}
