// The event-loop lag probe: the engine's own timers report how late they ran.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lagReportingClock } from '../src/stats/timer-lag';
import type { Clock } from '../src/types';

/** A clock whose timers run only when the test says, at whatever time it has set. */
function manualClock(): { t: number; due: (() => void)[]; clock: Clock } {
  const c: { t: number; due: (() => void)[]; clock: Clock } = {
    t: 0,
    due: [],
    clock: { now: () => c.t, setTimeout: (fn: () => void) => c.due.push(fn), clearTimeout() {} },
  };
  return c;
}

test('a timer run 30 ms after its due time reports 30; one run on time reports 0, never less', () => {
  const m = manualClock();
  const lags: number[] = [];
  const clock = lagReportingClock(m.clock, (ms) => lags.push(ms));
  let ran = 0;
  clock.setTimeout(() => ran++, 100);
  clock.setTimeout(() => ran++, 50);
  m.t = 130;
  m.due[0]!();
  m.t = 40; // a clock step backwards must not report a negative lag
  m.due[1]!();
  assert.equal(ran, 2, 'the wrapped callbacks run');
  assert.deepEqual(lags, [30, 0]);
});

test('the lag is read on the precise clock when there is one', () => {
  const m = manualClock();
  let precise = 1000.25;
  const lags: number[] = [];
  const clock = lagReportingClock({ ...m.clock, preciseNow: () => precise }, (ms) => lags.push(ms));
  clock.setTimeout(() => {}, 10);
  precise += 10.75;
  m.due[0]!();
  assert.deepEqual(lags, [0.75]);
});
