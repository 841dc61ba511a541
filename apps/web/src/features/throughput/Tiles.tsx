// The headline figures of the last complete second, plus error totals since start.
import type { StatsSnapshot } from '@ob/protocol';
import { formatBytes, formatCount, formatMs, formatPercent, formatRatio } from '../../lib/format';
import { Tile, type Tone } from './Tile';

/** Above these the tile turns amber / red: an operator should look. */
export const LOOP_LAG_WARN_MS = 50;
export const LOOP_LAG_BAD_MS = 200;
export const CPU_WARN_PERCENT = 80;

function lagTone(ms: number): Tone | undefined {
  if (ms >= LOOP_LAG_BAD_MS) return 'bad';
  if (ms >= LOOP_LAG_WARN_MS) return 'warn';
  return undefined;
}

/** `venue`: the figures are that venue's, but CPU, memory and event-loop lag stay the process's. */
export function Tiles({ stats, venue = null }: { stats: StatsSnapshot | null; venue?: string | null }) {
  if (!stats) {
    return <section className="tiles" aria-busy="true"><div className="empty">Waiting for the first stats…</div></section>;
  }
  const c = stats.current;
  const t = stats.totals;
  const errors = t.parseErrors + t.redisErrors + t.oversizeFrames;
  const whole = venue ? ' · whole process' : '';
  return (
    <section className="tiles" aria-label="Live figures">
      <Tile id="messages" label="Messages in /s" value={formatCount(c.messages)} sub={`${formatBytes(c.bytes)}/s`} />
      <Tile id="snapshots" label="Redis snapshots /s" value={formatCount(c.snapshots)} sub={`${formatCount(stats.pendingMarkets)} pending`} />
      <Tile id="pipelines" label="Pipelines /s" value={formatCount(c.pipelines)} sub="Redis round trips" />
      <Tile id="compression" label="Compression" value={formatRatio(c.compression)} sub="messages per write" />
      <Tile id="staleness" label="Staleness p99" value={formatMs(c.stalenessP99)} sub={`p50 ${formatMs(c.stalenessP50)}`} />
      <Tile id="flush" label="Flush p99" value={formatMs(c.flushP99)} sub={`p50 ${formatMs(c.flushP50)}`} />
      <Tile id="cpu" label="CPU" value={formatPercent(c.cpu)} sub={`of one core${whole}`} tone={c.cpu >= CPU_WARN_PERCENT ? 'warn' : undefined} />
      <Tile id="rss" label="Memory (RSS)" value={formatBytes(c.rss)} sub={`heap ${formatBytes(c.heapUsed)}${whole}`} />
      <Tile id="looplag" label="Event-loop lag p99" value={formatMs(c.loopLagP99)} sub={venue ? 'whole process' : undefined} tone={lagTone(c.loopLagP99)} />
      <Tile
        id="gaps"
        label="Gaps / resyncs"
        value={`${formatCount(t.gaps)} / ${formatCount(t.resyncs)}`}
        sub={`${formatCount(t.reconnects)} reconnects · ${formatCount(errors)} errors`}
        tone={errors > 0 ? 'warn' : undefined}
      />
    </section>
  );
}
