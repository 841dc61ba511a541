// The long run of issue 5: the whole pipeline at SOAK_RATE msg/s for SOAK_MINUTES, printing RSS
// and heap every minute, then the slope of RSS over the second half (flat = no leak). A run of
// an hour or more also writes its section of BENCHMARKS.md (report.ts).
// Run through `npm run test:soak` (SOAK_MINUTES=60 for the figure in BENCHMARKS.md).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@ob/testkit';
import { booksMismatches } from '../support/books';
import { startPipeline } from '../support/pipeline';
import { REPORT_MIN_MINUTES, rssSlope, writeSoakSection, type SoakSample } from './report';

const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const rate = Number(process.env.SOAK_RATE ?? 10_000);
const MB = 1024 * 1024;
const root = fileURLToPath(new URL('../../', import.meta.url));

const startedAt = new Date();
const p = await startPipeline({ sim: { rate, seed: 3 }, settings: { batchIntervalMs: 100 } });
console.log(`soak: ${rate} msg/s for ${minutes} min (pid ${process.pid})`);
const samples: SoakSample[] = [];
for (let min = 1; min <= minutes; min++) {
  await sleep(60_000);
  global.gc?.();
  const mem = process.memoryUsage();
  const s = p.streamer.stats();
  const x: SoakSample = {
    min, rssMB: mem.rss / MB, heapMB: mem.heapUsed / MB, messages: s.totals.messages, snapshots: s.totals.snapshots,
    stalenessP99: s.current.stalenessP99, gaps: s.totals.gaps, redisErrors: s.totals.redisErrors,
  };
  samples.push(x);
  console.log(`min ${String(min).padStart(3)}  rss ${x.rssMB.toFixed(1)} MB  heap ${x.heapMB.toFixed(1)} MB  `
    + `msgs ${x.messages}  writes ${x.snapshots}  ratio ${(x.messages / Math.max(1, x.snapshots)).toFixed(1)}:1  `
    + `staleness p99 ${x.stalenessP99.toFixed(1)} ms  gaps ${x.gaps}  redis errors ${x.redisErrors}`);
}
if (samples.length >= 4) console.log(`RSS slope over the second half: ${rssSlope(samples).toFixed(3)} MB/min`);
p.sim.pause();
await waitFor(async () => (await booksMismatches(p)).length === 0, { timeoutMs: 60_000, message: 'books equal at the end' });
console.log('books in Redis equal the simulator at the end: yes');
await p.close();
if (minutes >= REPORT_MIN_MINUTES) {
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  writeSoakSection(`${root}BENCHMARKS.md`, { rate, minutes, startedAt, commit, samples });
  console.log('wrote the soak section of BENCHMARKS.md');
} else {
  console.log(`(BENCHMARKS.md keeps its soak section: only runs of ${REPORT_MIN_MINUTES} min or more replace it)`);
}
