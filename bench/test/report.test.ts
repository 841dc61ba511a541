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

test('the hand-written seed-load CPU analysis is kept too, before the soak', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'bench-report-')), 'BENCHMARKS.md');
  writeFileSync(path, '# Benchmarks\n\nold\n\n<!-- seed-cpu:start -->\n## Where the CPU goes\n<!-- seed-cpu:end -->\n\n<!-- soak:start -->\n## Soak\n<!-- soak:end -->\n');
  writeBenchmarks(path, '# Benchmarks\n\nnew\n');
  const text = readFileSync(path, 'utf8');
  assert.doesNotMatch(text, /old/);
  assert.ok(text.indexOf('## Where the CPU goes') > text.indexOf('new'));
  assert.ok(text.indexOf('## Soak') > text.indexOf('## Where the CPU goes'));
});
