import { ConnectionsPanel } from '../features/connections/ConnectionsPanel';
import { CapturePanel } from '../features/capture/CapturePanel';
import { FleetPanel } from '../features/fleet/FleetPanel';
import { MarketsTable } from '../features/markets/MarketsTable';
import { StreamsPanel } from '../features/streams/StreamsPanel';
import { ThroughputCharts } from '../features/throughput/ThroughputCharts';
import { Tiles } from '../features/throughput/Tiles';
import { useStatsHistory } from '../features/throughput/useStatsHistory';
import { TuningPanel } from '../features/tuning/TuningPanel';
import { VenueFilter } from '../features/venues/VenueFilter';
import { useFilteredStats, useVenueFilter, useVenues } from '../features/venues/useVenueFilter';

export function OverviewPage() {
  const [venue, setVenue] = useVenueFilter();
  const venues = useVenues();
  const stats = useFilteredStats(venue);
  const history = useStatsHistory(venue);
  const unknown = venue !== null && venues.length > 0 && !venues.includes(venue);
  return (
    <>
      <div className="row filter-row">
        <VenueFilter />
        {venue && !unknown && <span className="hint" data-testid="venue-filter-note">Every panel shows {venue} alone; CPU, memory, event-loop lag and the fleet are whole processes.</span>}
        {unknown && (
          <span className="field-error" role="alert" data-testid="venue-filter-note">
            This server does not stream “{venue}”. <button type="button" onClick={() => setVenue(null)}>Show every venue</button>
          </span>
        )}
      </div>
      <Tiles stats={stats} venue={venue} />
      <ThroughputCharts history={history} venue={venue} />
      <ConnectionsPanel />
      <FleetPanel />
      <div className="pair">
        <StreamsPanel />
        <CapturePanel />
      </div>
      <div className="split">
        <TuningPanel />
        <MarketsTable />
      </div>
    </>
  );
}
