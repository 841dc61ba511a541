// `npm run bench -- --quick` end to end: every suite runs against its own redis-server and
// generator and reports a figure, and the books in Redis equal the generator's. Goals are not
// judged here (a quick run's windows are seconds long and the machine is shared): only that
// the bench works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const SECTIONS = ['Book core', 'Throughput', 'CPU at seed load', 'Many markets (400 vs 45)', 'Latency @ 100k msg/s', 'Write load @ 1,000 msg/s', 'Record and replay', 'Memory @ 10k msg/s'];

test('a quick bench run: every suite reports, no suite fails, books equal', { timeout: 10 * 60_000 }, () => {
  const out = join(mkdtempSync(join(tmpdir(), 'bench-quick-')), 'BENCHMARKS.md');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', '--quick', '--out', out], { cwd: benchDir, encoding: 'utf8' });
  assert.equal(r.status, 0, `bench exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const md = readFileSync(out, 'utf8');
  const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| section') && !l.startsWith('|---'));
  const cells = rows.map((l) => l.split('|').map((c) => c.trim()));
  const sections = new Set(cells.map((c) => c[1]));
  for (const s of SECTIONS) assert.ok(sections.has(s), `a row for ${s}`);
  assert.deepEqual(cells.filter((c) => c[2] === 'suite failed'), [], 'no suite failed');
  const books = cells.find((c) => c[2] === 'Redis books = generator true books');
  assert.equal(books?.[3], 'PASS', `books row: ${books?.join(' | ')}`);
  const replayed = cells.find((c) => c[2] === 'replayed Redis books = recorded run\'s');
  assert.equal(replayed?.[3], 'PASS', `replay row: ${replayed?.join(' | ')}`);
  const many = cells.find((c) => c[2] === 'Redis books = generator true books, 400 markets');
  assert.equal(many?.[3], 'PASS', `400-market books row: ${many?.join(' | ')}`);
  const staleness = cells.filter((c) => c[1] === 'Latency @ 100k msg/s' && /^staleness p99 @ \d+ ms batches$/.test(c[2]!));
  assert.equal(staleness.length, 2, 'a window p99 at each interval');
  for (const c of staleness) assert.match(c[3]!, /^[\d,]+(\.\d+)? ms$/, `a figure: ${c.join(' | ')}`);
});
