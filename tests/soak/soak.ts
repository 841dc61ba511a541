// The long run of issue 5: the whole pipeline at SOAK_RATE msg/s for SOAK_MINUTES, printing RSS
// and heap every minute, then the slope of RSS over the second half (flat = no leak).
// Run through `npm run test:soak` (SOAK_MINUTES=60 for the figure in BENCHMARKS.md).
import { setTimeout as sleep } from 'node:timers/promises';
import { startPipeline } from '../support/pipeline';
import { booksMismatches } from '../support/books';
import { waitFor } from '@ob/testkit';

const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const rate = Number(process.env.SOAK_RATE ?? 10_000);
const MB = 1024 * 1024;

const p = await startPipeline({ sim: { rate, seed: 3 }, settings: { batchIntervalMs: 100 } });
console.log(`soak: ${rate} msg/s for ${minutes} min (pid ${process.pid})`);
const samples: { min: number; rss: number; heap: number }[] = [];
for (let min = 1; min <= minutes; min++) {
  await sleep(60_000);
  global.gc?.();
  const mem = process.memoryUsage();
  const s = p.streamer.stats();
  samples.push({ min, rss: mem.rss, heap: mem.heapUsed });
  console.log(`min ${String(min).padStart(3)}  rss ${(mem.rss / MB).toFixed(1)} MB  heap ${(mem.heapUsed / MB).toFixed(1)} MB  `
    + `msgs ${s.totals.messages}  writes ${s.totals.snapshots}  ratio ${(s.totals.messages / Math.max(1, s.totals.snapshots)).toFixed(1)}:1  `
    + `staleness p99 ${s.current.stalenessP99.toFixed(1)} ms  gaps ${s.totals.gaps}  redis errors ${s.totals.redisErrors}`);
}
const half = samples.slice(Math.floor(samples.length / 2));
if (half.length >= 2) {
  const n = half.length;
  const mx = half.reduce((a, s) => a + s.min, 0) / n;
  const my = half.reduce((a, s) => a + s.rss, 0) / n;
  const slope = half.reduce((a, s) => a + (s.min - mx) * (s.rss - my), 0) / half.reduce((a, s) => a + (s.min - mx) ** 2, 0);
  console.log(`RSS slope over the second half: ${(slope / MB).toFixed(3)} MB/min`);
}
p.sim.pause();
await waitFor(async () => (await booksMismatches(p)).length === 0, { timeoutMs: 60_000, message: 'books equal at the end' });
console.log('books in Redis equal the simulator at the end: yes');
await p.close();
