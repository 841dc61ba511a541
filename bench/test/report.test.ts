import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBenchmarks } from '../src/report';

test("a bench run rewrites BENCHMARKS.md but keeps the soak's section", () => {
  const path = join(mkdtempSync(join(tmpdir(), 'bench-report-')), 'BENCHMARKS.md');
  writeBenchmarks(path, '# Benchmarks\n\nold figures\n');
  assert.equal(readFileSync(path, 'utf8'), '# Benchmarks\n\nold figures\n', 'no section invented');
  writeFileSync(path, '# Benchmarks\n\nold figures\n\n<!-- soak:start -->\n## Soak: 60 min\n<!-- soak:end -->\n');
  writeBenchmarks(path, '# Benchmarks\n\nnew figures\n');
  const text = readFileSync(path, 'utf8');
  assert.match(text, /new figures/);
  assert.doesNotMatch(text, /old figures/);
  assert.match(text, /<!-- soak:start -->\n## Soak: 60 min\n<!-- soak:end -->/);
});
