// The Connections panel: the venue in view in detail, or every venue side by side.
import { useVenueInView } from '../venues/useVenueFilter';
import { ConnectionsByVenue } from './ConnectionsByVenue';
import { ConnectionsDetail } from './ConnectionsDetail';

export function ConnectionsPanel() {
  const { venue, venues } = useVenueInView();
  return (
    <section className="panel connections-panel" aria-label="Venue connections" data-testid="connections-panel" data-venue={venue ?? ''}>
      {venue ? <ConnectionsDetail venue={venue} tagged={venues.length > 1} /> : <ConnectionsByVenue venues={venues} />}
    </section>
  );
}
