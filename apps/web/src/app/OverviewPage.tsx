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
import { useFilteredStats, useVenueFilter } from '../features/venues/useVenueFilter';

export function OverviewPage() {
  const [venue] = useVenueFilter();
  const stats = useFilteredStats(venue);
  const history = useStatsHistory(venue);
  return (
    <>
      <div className="row filter-row">
        <VenueFilter />
        {venue && <span className="hint" data-testid="venue-filter-note">Tiles, charts and markets of {venue} only</span>}
      </div>
      <Tiles stats={stats} />
      <ThroughputCharts history={history} />
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
