// The REST weight budget on a clock the test moves: burst then an even rate, pauses that win,
// and no 60 s window ever carrying more than burst + perMinute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BudgetClosedError, RestWeightBudget } from '../src/binance-usdm/weight-budget';
import { observeUsedWeight } from '../src/binance-usdm/snapshot';
import { ManualClock } from './fake-clock';

test('the burst is granted at once, then weight at the per-minute rate', async () => {
  const clock = new ManualClock();
  const b = new RestWeightBudget({ perMinute: 600, burst: 40, clock }); // 10 weight a second
  const granted: number[] = [];
  for (let i = 0; i < 4; i++) void b.acquire(20).then((release) => { granted.push(clock.now()); release(); });
  await clock.advance(0);
  assert.equal(granted.length, 2, 'two of 20 fit the burst of 40');
  await clock.advance(1_999);
  assert.equal(granted.length, 2);
  await clock.advance(1);
  assert.equal(granted.length, 3, '20 weight takes 2 s to refill');
  await clock.advance(2_000);
  assert.equal(granted.length, 4);
  assert.equal(b.counters().weightGranted, 80);
});

test('any 60 s window carries at most burst + perMinute, whatever the demand', async () => {
  const clock = new ManualClock();
  const b = new RestWeightBudget({ perMinute: 1_200, burst: 240, clock });
  const at: number[] = [];
  for (let i = 0; i < 400; i++) void b.acquire(20).then((release) => { at.push(clock.now()); release(); });
  for (let s = 0; s < 420; s++) await clock.advance(1_000);
  assert.equal(at.length, 400, 'every request is served in the end');
  let worst = 0;
  for (let i = 0; i < at.length; i++) {
    let w = 0;
    for (let j = i; j < at.length && at[j]! < at[i]! + 60_000; j++) w += 20;
    worst = Math.max(worst, w);
  }
  assert.ok(worst <= 1_440, `worst window ${worst}`);
  assert.ok(at.at(-1)! - at[0]! > 5 * 60_000, '400 snapshots of 20 are spread over more than five minutes');
});

test('pause holds every grant for its length, the longest pause wins, and no burst is saved meanwhile', async () => {
  const clock = new ManualClock();
  const b = new RestWeightBudget({ perMinute: 600, burst: 100, clock });
  b.pause(10_000);
  b.pause(3_000);
  const granted: number[] = [];
  for (let i = 0; i < 3; i++) void b.acquire(10).then((release) => { granted.push(clock.now()); release(); });
  await clock.advance(9_999);
  assert.equal(granted.length, 0);
  assert.equal(b.pausedFor(), 1);
  await clock.advance(1_001);
  assert.equal(granted.length, 1, 'one second after the pause, 10 weight has refilled: one grant, not a burst');
  assert.equal(b.counters().pauses, 2);
});

test('at most maxInFlight requests at once: a release lets the next one go', async () => {
  const clock = new ManualClock();
  const b = new RestWeightBudget({ perMinute: 60_000, burst: 100, maxInFlight: 2, clock });
  const releases: Array<() => void> = [];
  for (let i = 0; i < 4; i++) void b.acquire(1).then((r) => { releases.push(r); });
  await clock.advance(10);
  assert.deepEqual([releases.length, b.counters().inFlight, b.counters().waiting], [2, 2, 2]);
  releases[0]!();
  releases[0]!(); // a second call does nothing
  await clock.advance(0);
  assert.deepEqual([releases.length, b.counters().inFlight], [3, 2]);
});

test('abort and close reject waiters; bad arguments are refused by name', async () => {
  const clock = new ManualClock();
  const b = new RestWeightBudget({ perMinute: 60, burst: 10, clock });
  (await b.acquire(10))();
  const ac = new AbortController();
  const aborted = b.acquire(5, ac.signal);
  const closed = b.acquire(5);
  ac.abort();
  await assert.rejects(aborted, BudgetClosedError);
  b.close();
  await assert.rejects(closed, /closed/);
  await assert.rejects(b.acquire(1), /closed/);
  assert.throws(() => new RestWeightBudget({ perMinute: 0, burst: 1 }), /perMinute must be an integer in 1\.\./);
  assert.throws(() => new RestWeightBudget({ perMinute: 10, burst: 1.5 }), /burst/);
  assert.throws(() => new RestWeightBudget({ perMinute: 10, burst: 5 }).acquire(6), /weight must be an integer in 1\.\.5/);
});

test('X-MBX-USED-WEIGHT-1M near the cap pauses the budget until the next minute', async () => {
  const clock = new ManualClock(60_000 * 100 + 15_000);
  const b = new RestWeightBudget({ perMinute: 600, burst: 10, clock });
  observeUsedWeight(new Headers({ 'x-mbx-used-weight-1m': '1000' }), b, clock);
  assert.equal(b.pausedFor(), 0, 'well under the cap');
  observeUsedWeight(new Headers({ 'x-mbx-used-weight-1m': '2100' }), b, clock);
  assert.equal(b.pausedFor(), 46_000, 'to the next minute, plus a second of margin');
});
