// The live charts, over the last 5 or 15 minutes of the bounded history.
import { useState } from 'react';
import type { StatsSample } from '@ob/protocol';
import { formatBytes, formatCount, formatMs, formatMsShort, formatPercent, formatRatio, formatRatioShort } from '../../lib/format';
import { useThemeColors } from '../../lib/useThemeColors';
import { lastMinutes, WINDOWS_MIN, type WindowMin } from './history';
import { TimeSeriesChart } from './TimeSeriesChart';

/** `venue`: one venue's history, beside the process's CPU and memory. */
export function ThroughputCharts({ history, venue = null }: { history: readonly StatsSample[]; venue?: string | null }) {
  const [minutes, setMinutes] = useState<WindowMin>(5);
  const c = useThemeColors();
  const data = lastMinutes(history, minutes);
  return (
    <section className="panel" aria-labelledby="charts-title">
      <header className="panel-head">
        <h2 id="charts-title">Throughput{venue && <span className="venue-tag" data-testid="panel-venue">{venue}</span>}</h2>
        <div className="segmented" role="group" aria-label="Chart window">
          {WINDOWS_MIN.map((m) => (
            <button key={m} type="button" aria-pressed={minutes === m} onClick={() => setMinutes(m)}>
              {m} min
            </button>
          ))}
        </div>
      </header>
      <div className="charts">
        <TimeSeriesChart
          id="rates"
          title="Messages in vs Redis writes (/s)"
          data={data}
          format={formatCount}
          series={[
            { name: 'messages/s', value: (s) => s.messages, color: c.c1 },
            { name: 'snapshots/s', value: (s) => s.snapshots, color: c.c2 },
            { name: 'pipelines/s', value: (s) => s.pipelines, color: c.c3 },
          ]}
        />
        <TimeSeriesChart
          id="compression"
          title="Compression ratio (messages per write)"
          data={data}
          format={formatRatio}
          axis={formatRatioShort}
          series={[{ name: 'compression', value: (s) => s.compression, color: c.c4 }]}
        />
        <TimeSeriesChart
          id="latency"
          title="Staleness and flush latency"
          data={data}
          format={formatMs}
          axis={formatMsShort}
          series={[
            { name: 'staleness p99', value: (s) => s.stalenessP99, color: c.c1 },
            { name: 'staleness p50', value: (s) => s.stalenessP50, color: c.c3 },
            { name: 'flush p99', value: (s) => s.flushP99, color: c.c2 },
            { name: 'flush p50', value: (s) => s.flushP50, color: c.c4 },
          ]}
        />
        <TimeSeriesChart
          id="resources"
          title={venue ? 'CPU and memory (whole process)' : 'CPU and memory'}
          data={data}
          format={formatPercent}
          axis={(v) => `${+v.toFixed(1)}%`}
          formatRight={formatBytes}
          series={[
            { name: 'CPU', value: (s) => s.cpu, color: c.c1 },
            { name: 'RSS', value: (s) => s.rss, color: c.c2, right: true },
            { name: 'heap', value: (s) => s.heapUsed, color: c.c3, right: true },
          ]}
        />
      </div>
    </section>
  );
}
