import { FleetPanel } from '../features/fleet/FleetPanel';
import { MarketsTable } from '../features/markets/MarketsTable';
import { StreamsPanel } from '../features/streams/StreamsPanel';
import { ThroughputCharts } from '../features/throughput/ThroughputCharts';
import { Tiles } from '../features/throughput/Tiles';
import { useStatsHistory } from '../features/throughput/useStatsHistory';
import { TuningPanel } from '../features/tuning/TuningPanel';
import { useLive } from '../live/LiveContext';

export function OverviewPage() {
  const { stats } = useLive();
  const history = useStatsHistory();
  return (
    <>
      <Tiles stats={stats} />
      <ThroughputCharts history={history} />
      <FleetPanel />
      <StreamsPanel />
      <div className="split">
        <TuningPanel />
        <MarketsTable />
      </div>
    </>
  );
}
