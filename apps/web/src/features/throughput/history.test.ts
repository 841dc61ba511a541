import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StatsSample } from '@ob/protocol';
import { lastMinutes, mergeSamples } from './history';

const s = (t: number, messages = t): StatsSample => ({
  t, messages, bytes: 0, snapshots: 0, pipelines: 0, compression: 0, flushP50: 0, flushP99: 0,
  stalenessP50: 0, stalenessP99: 0, cpu: 0, rss: 0, heapUsed: 0, loopLagP99: 0,
});
const ts = (xs: readonly StatsSample[]) => xs.map((x) => x.t);

test('appends newer samples and drops repeats by t', () => {
  let h = mergeSamples([], [s(1000), s(2000)]);
  h = mergeSamples(h, [s(1000), s(2000), s(3000), s(3000)]);
  assert.deepEqual(ts(h), [1000, 2000, 3000]);
});

test('returns the same array when nothing is new, so React skips the render', () => {
  const h = mergeSamples([], [s(1000), s(2000)]);
  assert.equal(mergeSamples(h, [s(1000, 99), s(2000, 99)]), h);
  assert.equal(mergeSamples(h, []), h);
});

test('a late seed from REST interleaves with samples already held', () => {
  const live = mergeSamples([], [s(5000), s(6000)]);
  const seeded = mergeSamples(live, [s(1000), s(2000), s(5000), s(6000), s(7000)]);
  assert.deepEqual(ts(seeded), [1000, 2000, 5000, 6000, 7000]);
});

test('stays bounded however long it runs', () => {
  let h: readonly StatsSample[] = [];
  for (let t = 1; t <= 5000; t++) h = mergeSamples(h, [s(t * 1000)], 900);
  assert.equal(h.length, 900);
  assert.equal(h[0]?.t, 4101_000);
  assert.equal(h[899]?.t, 5000_000);
});

test('ignores samples without a time', () => {
  assert.deepEqual(ts(mergeSamples([], [s(0), s(1000)])), [1000]);
});

test('lastMinutes keeps the window ending at the newest sample', () => {
  const h = Array.from({ length: 900 }, (_, i) => s((i + 1) * 1000));
  const five = lastMinutes(h, 5);
  assert.equal(five.length, 300);
  assert.equal(five[five.length - 1]?.t, 900_000);
  assert.equal(lastMinutes(h, 15).length, 900);
});
