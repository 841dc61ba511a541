// Write load per batch interval: Redis commands/s counted by redis itself (INFO commandstats),
// pipelines/s and snapshots/s from the streamer, and the compression ratio (messages in ÷
// snapshots written), at the seed's load and, in a full run, at 100k msg/s.
import { commandCounts, commandDelta, total } from './redis-info';
import { fmt, markdownTable, type Block, type SuiteResult } from './report';
import type { Row } from './row';
import { measure, percentile, sleep, startConsumer, type Env } from './session';
import { LATENCY_RATE, LATENCY_TICK_MS, windowSamples } from './latency';

export const WRITE_INTERVALS_MS = [10, 25, 50, 100, 250, 500, 1000] as const;
/** A quick run samples the range only. */
const QUICK_INTERVALS_MS = [10, 100, 500] as const;
/** A window covers at least this many flushes of the slowest interval. */
const MIN_FLUSHES_PER_WINDOW = 4;

interface Line {
  rate: number; interval: number; msgsPerSec: number; cmdsPerSec: number; setsPerSec: number;
  pipelinesPerSec: number; snapshotsPerSec: number; compression: number; stalenessP99: number; cpuPct: number;
  other: string;
}

async function atRate(env: Env, rate: number): Promise<Line[]> {
  const base = env.quick ? 1 : 3;
  const flushes = env.quick ? 2 : MIN_FLUSHES_PER_WINDOW;
  const c = await startConsumer(env, 'streamer', { mode: { kind: 'paced', rate, tickMs: rate >= LATENCY_RATE ? LATENCY_TICK_MS : undefined }, settings: { batchIntervalMs: 100 } });
  const lines: Line[] = [];
  try {
    for (const interval of env.quick ? QUICK_INTERVALS_MS : WRITE_INTERVALS_MS) {
      await c.child.call('configure', { batchIntervalMs: interval, maxStalenessMs: Math.max(1000, interval) });
      // Let the previous interval's last flush and the first of this one go by.
      await sleep(env.quick ? Math.max(300, interval + 100) : Math.max(1000, 2 * interval));
      const seconds = Math.max(base, (flushes * interval) / 1000);
      const ca = await commandCounts(env.redis);
      const w = await measure(env, c, seconds, Math.ceil(seconds) + 1);
      const cb = await commandCounts(env.redis);
      const d = commandDelta(ca, cb);
      const ta = w.a.runner!.stats.totals;
      const tb = w.b.runner!.stats.totals;
      const snaps = tb.snapshots - ta.snapshots;
      const msgs = w.b.messages - w.a.messages;
      const stale = windowSamples(w.b.runner!.stats.history, seconds).map((x) => x.stalenessP99);
      const line: Line = {
        rate, interval, msgsPerSec: w.msgsPerSec, cmdsPerSec: total(d) / w.seconds, setsPerSec: (d.set ?? 0) / w.seconds,
        pipelinesPerSec: (tb.pipelines - ta.pipelines) / w.seconds, snapshotsPerSec: snaps / w.seconds,
        compression: snaps > 0 ? msgs / snaps : NaN, stalenessP99: percentile(stale, 50), cpuPct: w.cpuPct,
        other: Object.entries(d).filter(([k]) => k !== 'set').map(([k, n]) => `${k} ${fmt(n / w.seconds, 1)}`).join(', '),
      };
      env.log(`  ${fmt(rate, 0)} msg/s, ${interval} ms: ${fmt(line.cmdsPerSec, 0)} cmds/s, ${fmt(line.pipelinesPerSec, 1)} pipelines/s, compression ${fmt(line.compression, 1)}`);
      lines.push(line);
    }
  } finally {
    await env.gen.call('pause');
    await c.close();
  }
  return lines;
}

export async function benchWriteLoad(env: Env): Promise<SuiteResult> {
  const rates = env.quick ? [1_000] : [1_000, 100_000];
  const lines: Line[] = [];
  for (const rate of rates) lines.push(...(await atRate(env, rate)));
  const rows: Row[] = lines.map((l) => ({
    section: `Write load @ ${fmt(l.rate, 0)} msg/s`, name: `batch interval ${l.interval} ms`, value: Math.round(l.cmdsPerSec), unit: 'Redis cmds/s',
    note: `${fmt(l.pipelinesPerSec, 1)} pipelines/s, ${fmt(l.snapshotsPerSec, 0)} snapshots/s, compression ${fmt(l.compression, 1)}`,
  }));
  const table = markdownTable(
    ['load (msg/s)', 'interval (ms)', 'msg/s in', 'Redis cmds/s', 'SET/s', 'other cmds/s', 'pipelines/s', 'snapshots/s', 'compression (msgs ÷ snapshots)', 'staleness p99 (median s)', 'streamer CPU'],
    lines.map((l) => [fmt(l.rate, 0), String(l.interval), fmt(l.msgsPerSec, 0), fmt(l.cmdsPerSec, 0), fmt(l.setsPerSec, 0), l.other || '-',
      fmt(l.pipelinesPerSec, 1), fmt(l.snapshotsPerSec, 0), fmt(l.compression, 1), `${fmt(l.stalenessP99, 1)} ms`, `${fmt(l.cpuPct, 1)} %`]),
  );
  const blocks: Block[] = [{
    title: 'Write load by batch interval',
    markdown: 'Counted at the private redis-server (INFO commandstats deltas, the harness\'s own commands left out); 45 markets. ' +
      'At 1,000 msg/s the frames arrive as the venue sends them, in batches every 50 ms, so intervals under 50 ms cannot flush more than ~20 times a second; ' +
      `at 100k msg/s they arrive every ${LATENCY_TICK_MS} ms.\n\n${table}`,
  }];
  return { rows, blocks };
}
