// Output: a table on stdout and BENCHMARKS.md at the repo root, both from the suites' rows.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readSection, SOAK_SECTION, withSection } from '@ob/testkit';
import os from 'node:os';
import type { Row } from './row';

export type { Row } from './row';

/** Free-form detail a suite adds below the table (a sub-table, a profile). */
export interface Block { title: string; markdown: string }

export interface SuiteResult { rows: Row[]; blocks?: Block[] }

export interface Machine { nproc: number; cpu: string; memoryGiB: number; node: string; os: string; load: string }

export function machine(): Machine {
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    load: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

export function fmt(v: number | string, digits?: number): string {
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  const d = digits ?? (Number.isInteger(v) || a >= 100 ? 0 : a >= 10 ? 1 : 2);
  return v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

const verdict = (r: Row) => (r.met === undefined ? '' : r.met ? 'met' : 'NOT met');

function cells(r: Row): string[] {
  return [r.section, r.name, `${fmt(r.value)}${r.unit ? ` ${r.unit}` : ''}`, r.goal ?? '', verdict(r), r.note ?? ''];
}

const HEAD = ['section', 'measure', 'value', 'goal', 'verdict', 'note'];

/** A plain-text table for the terminal. */
export function textTable(rows: readonly Row[]): string {
  const all = [HEAD, ...rows.map(cells)];
  const widths = HEAD.map((_, i) => Math.min(60, Math.max(...all.map((c) => c[i]!.length))));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => line(cells(r)))].join('\n');
}

const esc = (s: string) => s.replace(/\|/g, '\\|');

export function markdownTable(head: readonly string[], body: readonly (readonly string[])[]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((c) => `| ${c.map(esc).join(' | ')} |`)].join('\n');
}

export interface ReportInput {
  rows: readonly Row[];
  blocks: readonly Block[];
  machine: Machine;
  startedAt: Date;
  durationS: number;
  argv: readonly string[];
  quick: boolean;
  memoryMinutes: number;
}

export function benchmarksMarkdown(r: ReportInput): string {
  const m = r.machine;
  const goals = r.rows.filter((x) => x.met !== undefined);
  const met = goals.filter((x) => x.met).length;
  return `# Benchmarks

Written by \`npm run bench${r.argv.length ? ` -- ${r.argv.join(' ')}` : ''}\` on ${r.startedAt.toISOString()} (${Math.round(r.durationS)} s${r.quick ? ', **quick smoke run: short windows, figures indicative only**' : ''}).
Goals met: **${met} of ${goals.length}**.

## Machine

| nproc | CPU | memory | node | OS | load at start (1/5/15 min) |
|---|---|---|---|---|---|
| ${m.nproc} | ${esc(m.cpu)} | ${m.memoryGiB} GiB | ${m.node} | ${esc(m.os)} | ${m.load} |

The machine is shared: other processes (teammates' builds and tests) may run during a
measurement, so treat single figures as ±20 % unless the load average above was near zero.

## Results

${markdownTable(HEAD, r.rows.map(cells))}

${r.blocks.map((b) => `## ${b.title}\n\n${b.markdown}\n`).join('\n')}
## How it is measured

- Every measured party runs in its own process (one core each, no interference from the
  harness, which only asks for counters at the edges of each window): the **generator**
  (\`bench/src/generator.ts\`, a Lighter-protocol venue on a real local WebSocket + REST), the
  **streamer** (\`bench/src/streamer-runner.ts\`: \`createLighterFeed\` → \`createStreamer\` →
  \`createRedisSink\` on a private \`redis-server\` started by the bench), and the **baseline
  consumer** (\`bench/src/baseline-consumer.ts\`: receives over \`ws\` and \`JSON.parse\`s each frame,
  nothing else).
- The generator pre-generates a ring of update frames from \`@ob/simulator\`'s frame generator
  (45 markets, seed 1): K frames then their K inverses in reverse order, so a cycle returns every
  book to its start and each intermediate book is one the simulator really produced. Nonces are
  rewritten at send time, so the stream is endless and gap-free, and the generator knows every
  market's true book after any number of frames. Baseline and streamer get the very same frames.
- Throughput: the generator sends as fast as TCP backpressure allows; msg/s is the consumer's
  own count of frames over the window (after a warm-up). Afterwards the generator stops and
  every market's Redis snapshot (top \`depth\` levels and seq) is compared with its true book.
- Paced runs send what is due every 50 ms (as the venue and our simulator batch), or every 5 ms
  at 100k msg/s; a consumer that falls behind is not flooded with the backlog (the generator
  drops it from its schedule and the table says so).
- CPU: user + system time of the consumer process (\`process.cpuUsage\`, all its threads; the
  main thread's user and system time and the other threads' from \`/proc\`) as a % of one core,
  at 1,000 msg/s over 45 markets (the seed's load), batch interval 100 ms, after a 60 s warm-up
  (the JIT takes that long to settle at this rate), over three 20 s windows: the median and the
  range. The headline traffic is *spread*: each market sends every 50 ms at a seeded phase of
  its own, so frames arrive about 1 ms apart; the second row sends all markets' frames in one
  burst every 50 ms. The streamer is measured once more with its reads not coalesced (the
  A/B), and at 400 markets over 8 connections (50 a connection, a generator of its own, each
  market every 50 ms: 8,000 msg/s), given as CPU per 1,000 msg/s against the 45-market case.
  The baseline runs the same traffic (over 8 connections at 400 markets). Both consumers run
  compiled to plain JS, as \`npm start\` runs the server.
- Venues: every venue of the registry (\`packages/feeds/src/venues.ts\`) against its simulator
  (\`@ob/simulator\`'s registry) at the simulator's default rate (the msg/s in each row;
  Hyperliquid's are whole books, each coin at most every 500 ms), sent as the simulators batch:
  what is due every 50 ms (the burst shape of the CPU rows, not the spread one). The streamer
  runner runs the registry's \`createFeed\` → \`createStreamer\` → Redis sink (\`--venue\`); the
  baseline consumer subscribes to the same markets with the venue's own subscribe texts and
  keepalive (\`VenueEntry.client()\`) over \`ws\` and JSON.parses every frame. The simulators send
  each frame to every subscriber, so both consumers get the very same frames at the same time
  and are read over the same windows after a warm-up (the rows say how long: shorter than the
  CPU rows' 60 s, to keep five venues to a few minutes, so the JIT may not have settled). The
  simulator runs in the harness process. CPU as above; the ratio is of the medians. Then the
  simulator holds still and every market's Redis snapshot (top \`depth\` levels) must equal the
  simulator's true book.
- Latency: staleness (first change of a market → Redis ack of its write) of every write acked
  in the 10 s window, from the streamer's histogram since start (0.5 ms buckets, upper edges:
  readings at both ends of the window, diffed); the goal is judged on that window's p99. The
  worst of the streamer's per-second p99s is shown too, with no goal: one flush carries all 45
  markets, which is 1 % of a second's writes at 10 ms and 10 % at 100 ms, so a single stall of
  the process (a scavenge, a busy core) decides it. Event-loop lag is measured in
  the streamer process by the runner over the whole window (\`monitorEventLoopDelay\`, 10 ms
  resolution subtracted).
- Write load: Redis-side command counts (\`INFO commandstats\` deltas on the private redis,
  the harness's own INFO/GET left out) and the streamer's pipeline count, per batch interval,
  changed live with \`configure()\`.
- Memory: RSS of the streamer sampled every few seconds at a paced 10,000 msg/s; slope by least
  squares after a warm-up. The default is ${r.quick ? '0.2 min (quick)' : '1 min'}: \`--memory-minutes=N\` runs longer (10 is the real soak).

## Reproduce

\`\`\`sh
npm ci                          # redis-server must be on PATH (Debian: apt-get install -y redis-server)
npm run bench                   # full run, a few minutes; writes this file
npm run bench -- --quick        # smoke run, well under a minute
npm run bench -- --memory-minutes=10   # the long memory soak
npm run bench -- --only=throughput,cpu  # some suites only (throughput, cpu, markets-400, venues, book-core, latency, write-load, memory)
\`\`\`
`;
}

/** The hand-written analysis of the CPU at the seed load (issue 18.4): what was measured and tried. */
export const SEED_CPU_SECTION = 'seed-cpu';

/**
 * Sections other tools write into BENCHMARKS.md, kept from the old file: the hour-long soak
 * (`npm run test:soak`), the keeper's (`npm run -w bench keep-alive`) and the seed-load CPU
 * analysis (written by hand from profiling sessions).
 */
const KEPT_SECTIONS = [SEED_CPU_SECTION, SOAK_SECTION, 'keep-alive'];

/** Writes the file, keeping the sections other tools wrote from the old one. */
export function writeBenchmarks(path: string, md: string): void {
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '';
  let out = md;
  for (const name of KEPT_SECTIONS) {
    const body = readSection(old, name);
    if (body !== undefined) out = withSection(out, name, body);
  }
  writeFileSync(path, out);
}
