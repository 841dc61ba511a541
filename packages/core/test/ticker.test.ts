// The shared ticker on a clock the test moves: tasks due in one step of the grid share one
// timer, the read delay is the smallest request, a shorter delay pulls held reads in, holds are
// read by readHeld() (a flush) or at their backstop, and heldSince() is set only while held data
// is handed over.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Clock } from '../src/runtime';
import { Ticker, tickTask } from '../src/ticker';

class StepClock implements Clock {
  t = 1_000_003;
  armed = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private id = 0;
  now() { return this.t; }
  setTimeout(fn: () => void, ms: number) { this.armed++; this.timers.set(++this.id, { at: this.t + ms, fn }); return this.id; }
  clearTimeout(h: unknown) { this.timers.delete(h as number); }
  get pending() { return this.timers.size; }
  /** Runs the timers due by t + ms, in order; returns how many fired. */
  advance(ms: number): number {
    const end = this.t + ms;
    let fired = 0;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = next[1].at;
      fired++;
      next[1].fn();
    }
    this.t = end;
    return fired;
  }
}

test('reads due in the same step of the grid run in one timer fire, never after their time', () => {
  const clock = new StepClock();
  const ticker = new Ticker(clock);
  ticker.requestReadDelay({}, 10);
  const ran: Array<[string, number]> = [];
  const a = tickTask(() => ran.push(['a', clock.now()]));
  const b = tickTask(() => ran.push(['b', clock.now()]));
  const c = tickTask(() => ran.push(['c', clock.now()]));
  const t = clock.now(); // 1_000_003: the grid points are multiples of 10
  ticker.scheduleOnGrid(a, t + 10); // due 1_000_013 → 1_000_010
  ticker.scheduleOnGrid(b, t + 14); // due 1_000_017 → 1_000_010
  ticker.scheduleOnGrid(c, t + 19); // due 1_000_022 → 1_000_020
  const fired = clock.advance(30);
  assert.deepEqual(ran, [['a', 1_000_010], ['b', 1_000_010], ['c', 1_000_020]]);
  assert.equal(fired, 2, 'a and b shared one wake-up');
  assert.equal(clock.pending, 0, 'nothing left: no timer');
});

test('a flush (schedule) runs at its own time, off the grid', () => {
  const clock = new StepClock();
  const ticker = new Ticker(clock);
  ticker.requestReadDelay({}, 10);
  let at = 0;
  ticker.schedule(tickTask(() => { at = clock.now(); }), clock.now() + 37);
  clock.advance(50);
  assert.equal(at, 1_000_040);
});

test('the read delay is the smallest request; withdrawn requests leave 0 (read at once)', () => {
  const ticker = new Ticker(new StepClock());
  const one = {}, two = {};
  assert.equal(ticker.readDelayMs(), 0, 'nobody asked: reads at once');
  ticker.requestReadDelay(one, 20);
  ticker.requestReadDelay(two, 5);
  assert.equal(ticker.readDelayMs(), 5);
  ticker.requestReadDelay(two, undefined);
  assert.equal(ticker.readDelayMs(), 20);
  ticker.requestReadDelay(one, 0);
  assert.equal(ticker.readDelayMs(), 0);
  ticker.requestReadDelay(one, undefined);
  assert.equal(ticker.readDelayMs(), 0);
});

test('a shorter read delay pulls held reads in, but not a flush', () => {
  const clock = new StepClock();
  const ticker = new Ticker(clock);
  const owner = {};
  ticker.requestReadDelay(owner, 20);
  const ran: Array<[string, number]> = [];
  ticker.scheduleOnGrid(tickTask(() => ran.push(['read', clock.now()])), clock.now() + 20);
  ticker.schedule(tickTask(() => ran.push(['flush', clock.now()])), clock.now() + 30);
  clock.advance(1);
  ticker.requestReadDelay(owner, 0); // e.g. the interval set to 1 ms
  clock.advance(40);
  assert.deepEqual(ran, [['read', 1_000_004], ['flush', 1_000_033]]);
});

test('a throwing task does not keep the others from running; its error surfaces after', () => {
  const clock = new StepClock();
  const ticker = new Ticker(clock);
  const ran: string[] = [];
  ticker.schedule(tickTask(() => { ran.push('a'); throw new Error('bug'); }), clock.now() + 5);
  ticker.schedule(tickTask(() => ran.push('b')), clock.now() + 5);
  assert.throws(() => clock.advance(10), /bug/);
  assert.deepEqual(ran.sort(), ['a', 'b']);
});

test('cancel: the task does not run, and with nothing left no timer stays armed', () => {
  const clock = new StepClock();
  const ticker = new Ticker(clock);
  let ran = 0;
  const t = tickTask(() => { ran++; });
  ticker.schedule(t, clock.now() + 5);
  assert.equal(ticker.scheduled(t), true);
  ticker.cancel(t);
  assert.equal(ticker.scheduled(t), false);
  assert.equal(clock.pending, 0);
  clock.advance(10);
  assert.equal(ran, 0);
});

test('heldSince(): the hold while held data is handed over, -1 otherwise, restored after a throw', () => {
  const ticker = new Ticker(new StepClock());
  const seen: number[] = [];
  assert.equal(ticker.heldSince(), -1);
  ticker.handOver(1_000, (x: number) => {
    seen.push(ticker.heldSince(), x);
    ticker.handOver(-1, () => seen.push(ticker.heldSince()), 0);
    seen.push(ticker.heldSince());
  }, 7);
  assert.deepEqual(seen, [1_000, 7, -1, 1_000]);
  assert.throws(() => ticker.handOver(5, () => { throw new Error('x'); }, 0));
  assert.equal(ticker.heldSince(), -1);
});

const immediate = () => new Promise<void>((resolve) => setImmediate(resolve));

test('holds: read at their backstop unless a flush reads them first; earliestHold() is the oldest', async () => {
  const clock = new StepClock();
  const ticker = new Ticker(clock);
  ticker.requestReadDelay({}, 100);
  const ran: Array<[string, number]> = [];
  const a = tickTask(() => ran.push(['a', clock.now()]));
  const b = tickTask(() => ran.push(['b', clock.now()]));
  const busy = tickTask(() => ran.push(['busy', clock.now()]));
  assert.equal(ticker.earliestHold(), Infinity);
  const t = clock.now();
  ticker.scheduleHold(a, t);
  ticker.scheduleHold(b, t + 7);
  ticker.scheduleOnGrid(busy, t + 150); // a busy stream's check (grid point t + 97): not a hold
  assert.equal(ticker.earliestHold(), t);
  clock.advance(20);
  let flushed = -1;
  ticker.readHeld(() => { flushed = ran.length; });
  assert.deepEqual(ran.map((r) => r[0]).sort(), ['a', 'b'], 'the holds ran at once, the busy check did not');
  assert.equal(flushed, -1, 'the flush waits for the reads of this turn');
  await immediate();
  assert.equal(flushed, 2);
  assert.equal(ticker.earliestHold(), Infinity);
  ticker.scheduleHold(a, clock.now());
  clock.advance(100);
  assert.deepEqual(ran.slice(2).map((r) => r[0]), ['busy', 'a'], 'a hold no flush came for runs at its backstop');
  assert.equal(ran.at(-1)![1], t + 120);
});

test('readHeld with nothing held calls back at once; turn() moves on after a turn that restarted holds', async () => {
  const clock = new StepClock();
  const ticker = new Ticker(clock);
  ticker.requestReadDelay({}, 10);
  let called = false;
  ticker.readHeld(() => { called = true; });
  assert.equal(called, true, 'nothing held: at once');
  const turn = ticker.turn();
  let seenInTurn = -1;
  ticker.scheduleHold(tickTask(() => { seenInTurn = ticker.turn(); }), clock.now());
  clock.advance(10); // the backstop restarts it
  assert.equal(seenInTurn, turn, 'restarted in the current turn');
  assert.equal(ticker.turn(), turn, 'which has not ended yet');
  await immediate();
  assert.equal(ticker.turn(), turn + 1);
  // A flush due with a hold in the same fire: the hold ran first, and the flush still waits for the turn's reads.
  let order: string[] = [];
  const hold = tickTask(() => order.push('hold'));
  ticker.scheduleHold(hold, clock.now());
  ticker.schedule(tickTask(() => ticker.readHeld(() => order.push('flush'))), clock.now() + 10);
  clock.advance(10);
  assert.deepEqual(order, ['hold']);
  await immediate();
  assert.deepEqual(order, ['hold', 'flush']);
  order = [];
});

test('a busy socket\'s shorter hold ends within its limit, on a grid that busy sockets share', () => {
  const clock = new StepClock(); // t = 1_000_003
  const ticker = new Ticker(clock);
  ticker.requestReadDelay({}, 100);
  const ran: Array<[string, number]> = [];
  const t = clock.now();
  ticker.scheduleHold(tickTask(() => ran.push(['a', clock.now()])), t, 18); // grid of 4 ms: ends by t + 18
  ticker.scheduleHold(tickTask(() => ran.push(['b', clock.now()])), t + 2, 17); // by t + 19, on the same grid point
  const fired = clock.advance(30);
  assert.deepEqual(ran.map((r) => r[0]).sort(), ['a', 'b']);
  for (const [name, at] of ran) assert.ok(at > t && at <= t + 18, `${name} at +${at - t}`);
  assert.equal(fired, 1, 'one wake-up for both');
});
