// One live line chart over the stats history: time on x, one or two y axes.
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { StatsSample } from '@ob/protocol';
import { formatClock } from '../../lib/format';
import { useThemeColors } from '../../lib/useThemeColors';

export interface Series {
  name: string;
  value: (s: StatsSample) => number;
  color: string;
  /** Right-hand axis, for a second unit on the same chart. */
  right?: boolean;
}

interface Props {
  title: string;
  id: string;
  data: readonly StatsSample[];
  series: Series[];
  /** Tooltip values; `axis` (default: the same) for the tick labels. */
  format: (v: number) => string;
  axis?: (v: number) => string;
  formatRight?: (v: number) => string;
  height?: number;
}

export const CHART_HEIGHT = 200;

export function TimeSeriesChart({ title, id, data, series, format, axis, formatRight, height = CHART_HEIGHT }: Props) {
  const colors = useThemeColors();
  const hasRight = series.some((s) => s.right);
  const axisProps = { stroke: colors.muted, tick: { fill: colors.muted, fontSize: 11 }, tickLine: false };
  return (
    <figure className="chart" data-testid={`chart-${id}`}>
      <figcaption>{title}</figcaption>
      {data.length === 0 ? (
        <div className="chart-empty" style={{ height }}>Waiting for data…</div>
      ) : (
        <LineChart data={data as StatsSample[]} responsive style={{ width: '100%', height }} margin={{ top: 6, right: hasRight ? 0 : 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={colors.grid} vertical={false} />
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={formatClock} minTickGap={40} {...axisProps} />
          <YAxis yAxisId="left" tickFormatter={axis ?? format} width={56} {...axisProps} />
          {hasRight && <YAxis yAxisId="right" orientation="right" tickFormatter={formatRight ?? format} width={56} {...axisProps} />}
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(t) => formatClock(Number(t))}
            formatter={(v, _name, item) => {
              const right = series.find((s) => s.name === item.name)?.right;
              return (right && formatRight ? formatRight : format)(Number(v));
            }}
            contentStyle={{ background: colors.surface, borderColor: colors.grid, color: colors.fg, fontSize: 12 }}
          />
          <Legend wrapperStyle={{ fontSize: 12, color: colors.fg }} />
          {series.map((s) => (
            <Line
              key={s.name}
              name={s.name}
              yAxisId={s.right ? 'right' : 'left'}
              dataKey={s.value}
              stroke={s.color}
              dot={false}
              strokeWidth={1.6}
              type="linear"
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      )}
    </figure>
  );
}
