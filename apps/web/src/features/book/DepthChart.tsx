// Cumulative size away from the touch: bids to the left of the spread, asks to the right.
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { BookSnapshot } from '@ob/protocol';
import { formatCount } from '../../lib/format';
import { useThemeColors } from '../../lib/useThemeColors';
import { depthPoints } from './bookMath';

const HEIGHT = 220;

export function DepthChart({ book }: { book: Pick<BookSnapshot, 'bids' | 'asks'> }) {
  const colors = useThemeColors();
  const data = depthPoints(book);
  const axis = { stroke: colors.muted, tick: { fill: colors.muted, fontSize: 11 }, tickLine: false };
  return (
    <figure className="chart" data-testid="depth-chart">
      <figcaption>Depth (cumulative size)</figcaption>
      {data.length === 0 ? (
        <div className="chart-empty" style={{ height: HEIGHT }}>Empty book</div>
      ) : (
        <AreaChart data={data} responsive style={{ width: '100%', height: HEIGHT }} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={colors.grid} vertical={false} />
          <XAxis dataKey="price" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => v.toPrecision(6)} minTickGap={30} {...axis} />
          <YAxis tickFormatter={formatCount} width={52} {...axis} />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(p) => `price ${p}`}
            formatter={(v) => formatCount(Number(v))}
            contentStyle={{ background: colors.surface, borderColor: colors.grid, color: colors.fg, fontSize: 12 }}
          />
          <Area dataKey="bid" name="bids" type="stepBefore" stroke={colors.bid} fill={colors.bid} fillOpacity={0.25} isAnimationActive={false} connectNulls={false} />
          <Area dataKey="ask" name="asks" type="stepAfter" stroke={colors.ask} fill={colors.ask} fillOpacity={0.25} isAnimationActive={false} connectNulls={false} />
        </AreaChart>
      )}
    </figure>
  );
}
