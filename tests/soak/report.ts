// The soak's result as the Markdown section it keeps in BENCHMARKS.md (only runs of an hour or
// more are written there: shorter ones would replace the figure the issue asks for).
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { slope, SOAK_SECTION, withSection } from '@ob/testkit';

/** An RSS slope at or under this (MB/min) is called flat: 0.1 MB/min is 144 MB a day. */
export const FLAT_SLOPE_MB_PER_MIN = 0.1;
/** Runs shorter than this print their result but leave BENCHMARKS.md alone. */
export const REPORT_MIN_MINUTES = 60;

export interface SoakSample {
  min: number; rssMB: number; heapMB: number; messages: number; snapshots: number;
  stalenessP99: number; gaps: number; redisErrors: number;
}

export interface SoakResult {
  rate: number;
  minutes: number;
  startedAt: Date;
  commit: string;
  samples: SoakSample[];
}

/** Least-squares slope of RSS (MB/min) over the second half of the run (the first is warm-up). */
export function rssSlope(samples: readonly SoakSample[]): number {
  const half = samples.slice(Math.floor(samples.length / 2));
  return slope(half.map((s) => s.min), half.map((s) => s.rssMB));
}

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');

export function soakMarkdown(r: SoakResult): string {
  const slope = rssSlope(r.samples);
  const last = r.samples.at(-1);
  const rss = r.samples.map((s) => s.rssMB);
  // Every 5th minute and the last: enough to see a trend without 60 rows.
  const rows = r.samples.filter((s, i) => s.min === 1 || s.min % 5 === 0 || i === r.samples.length - 1);
  return `## Soak: ${r.minutes} min at ${n0(r.rate)} msg/s

Written by \`SOAK_MINUTES=${r.minutes} npm run test:soak\` (tests/soak/soak.ts), started ${r.startedAt.toISOString()}
at commit ${r.commit}, on ${os.availableParallelism()} × ${os.cpus()[0]?.model.trim() ?? 'unknown'}, node ${process.version}. The whole pipeline runs in one
process (simulator → Lighter adapter → streamer → a private redis-server), 45 markets, 100 ms
batches; RSS and heap are that process's, after a forced GC each minute. \`npm run test:soak\`
runs it only after the fault tests pass with a minute of each fault (connection drops with
skipped nonces; Redis killed for 5 s). Staleness here includes the simulator sharing the process.

- RSS ${Math.min(...rss).toFixed(1)}–${Math.max(...rss).toFixed(1)} MB over the run; slope over the second half **${slope.toFixed(3)} MB/min** (${slope <= FLAT_SLOPE_MB_PER_MIN ? 'flat: no growth' : '**growing**'}, goal flat: <= ${FLAT_SLOPE_MB_PER_MIN}).
- ${n0(last?.messages ?? 0)} messages, ${n0(last?.snapshots ?? 0)} snapshots written (${((last?.messages ?? 0) / Math.max(1, last?.snapshots ?? 0)).toFixed(1)}:1), gaps ${last?.gaps ?? 0}, Redis errors ${last?.redisErrors ?? 0}.
- Books in Redis equal to the simulator's at the end: **yes** (the run fails otherwise).

| minute | RSS (MB) | heap used (MB) | messages | snapshots | staleness p99 (ms) |
|---|---|---|---|---|---|
${rows.map((s) => `| ${s.min} | ${s.rssMB.toFixed(1)} | ${s.heapMB.toFixed(1)} | ${n0(s.messages)} | ${n0(s.snapshots)} | ${s.stalenessP99.toFixed(0)} |`).join('\n')}
`;
}

export function writeSoakSection(benchmarksPath: string, r: SoakResult): void {
  writeFileSync(benchmarksPath, withSection(readFileSync(benchmarksPath, 'utf8'), SOAK_SECTION, soakMarkdown(r)));
}
