// The harness's arithmetic: Redis command counts, percentiles, the memory slope, and the
// profile summary (self time per function, cut to a window).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { slope } from '@ob/testkit';
import { newestProfile, summarizeProfile } from '../src/profile';
import { commandDelta, parseCommandStats, total } from '../src/redis-info';
import { percentile } from '../src/session';

test('INFO commandstats: counts per command, deltas without the harness\'s own commands', () => {
  const a = parseCommandStats('# Commandstats\r\ncmdstat_set:calls=10,usec=5,usec_per_call=0.5\r\ncmdstat_info:calls=3,usec=1\r\n');
  const b = parseCommandStats('# Commandstats\r\ncmdstat_set:calls=25,usec=9\r\ncmdstat_publish:calls=4,usec=1\r\ncmdstat_info:calls=9,usec=1\r\ncmdstat_get:calls=2,usec=1\r\n');
  assert.deepEqual(a, { set: 10, info: 3 });
  const d = commandDelta(a, b);
  assert.deepEqual(d, { set: 15, publish: 4 });
  assert.equal(total(d), 19);
});

test('percentile is nearest-rank; slope is least squares', () => {
  assert.equal(percentile([5, 1, 4, 2, 3], 50), 3);
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99), 10);
  assert.ok(Number.isNaN(percentile([], 50)));
  assert.equal(slope([0, 1, 2, 3], [10, 12, 14, 16]), 2);
  assert.equal(slope([0, 1, 2, 3], [5, 5, 5, 5]), 0);
});

test('profile summary: self time per function from samples, idle apart, cut to a window', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-prof-'));
  try {
    const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0, columnNumber: 0, scriptId: '0' });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)') },
        { id: 2, callFrame: frame('(idle)') },
        { id: 3, callFrame: frame('parse', 'file:///repo/packages/feeds/src/parse.ts') },
        { id: 4, callFrame: frame('apply', 'file:///repo/packages/orderbook/src/side.ts') },
      ],
      startTime: 1_000,
      endTime: 2_000,
      // Samples every 100 µs: parse ×3, apply ×1, idle ×2 in [1100, 1600]; then parse ×4 after it.
      samples: [3, 3, 3, 4, 2, 2, 3, 3, 3, 3, 3],
      timeDeltas: [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100],
    };
    writeFileSync(join(dir, 'CPU.20260101.000000.42.1.002.cpuprofile'), '{"nodes":[],"startTime":0,"endTime":0}');
    writeFileSync(join(dir, 'CPU.20260101.000000.42.0.001.cpuprofile'), JSON.stringify(profile));
    const file = newestProfile(dir)!;
    assert.match(file, /\.42\.0\.001\.cpuprofile$/, 'the main thread\'s profile, not a worker\'s');
    const all = summarizeProfile(file, '/repo');
    assert.equal(all.functions[0]!.name, 'parse');
    assert.equal(all.functions[0]!.where, 'packages/feeds/src/parse.ts:1');
    const cut = summarizeProfile(file, '/repo', { from: 1_100, to: 1_600 });
    // In the window: parse 3 samples, apply 1 (each charged the following delta), idle 2.
    assert.deepEqual(cut.functions.map((f) => [f.name, Math.round(f.selfPct)]), [['parse', 75], ['apply', 25]]);
    assert.equal(Math.round(cut.idlePct), 33);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
