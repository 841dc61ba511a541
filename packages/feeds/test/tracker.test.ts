// Continuity per market: snapshot starts, deltas chain on prevSeq, gaps and strays are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BookEvent } from '@ob/core';
import { createMarketTracker, BACKWARD, DELIVER, DROP, GAP, LIVE, AWAITING } from '../src/lighter/tracker';
import { backoffDelay } from '../src/index';

const ev = (kind: BookEvent['kind'], market: number, prevSeq: number, seq: number): BookEvent =>
  ({ kind, market, prevSeq, seq, exchangeTs: 0, receivedTs: 0, bids: [], asks: [] });

test('snapshot, continuous deltas, gap, resnapshot', () => {
  const t = createMarketTracker();
  assert.equal(t.check(ev('snapshot', 3, 0, 10)), DROP, 'not subscribed');
  t.await(3, 0);
  assert.equal(t.check(ev('delta', 3, 9, 10)), DROP, 'delta before snapshot');
  assert.equal(t.check(ev('snapshot', 3, 0, 10)), DELIVER);
  assert.equal(t.phase(3), LIVE);
  assert.equal(t.check(ev('delta', 3, 10, 12)), DELIVER);
  assert.equal(t.check(ev('delta', 3, 10, 13)), GAP, 'prevSeq must be the last seq');
  assert.equal(t.check(ev('delta', 3, -1, 13)), GAP, 'no prevSeq cannot prove continuity');
  t.await(3, 5);
  assert.equal(t.phase(3), AWAITING);
  assert.equal(t.check(ev('delta', 3, 12, 14)), DROP);
  assert.equal(t.check(ev('snapshot', 3, 0, 20)), DELIVER);
  assert.equal(t.check(ev('delta', 3, 20, 21)), DELIVER);
  t.idle(3);
  assert.equal(t.check(ev('delta', 3, 21, 22)), DROP);
  assert.equal(t.check(ev('snapshot', 99_999, 0, 1)), DROP, 'id out of range');
});

test('going back in time is refused (issue 20.2): a delta ending before it begins, a snapshot older than the book', () => {
  const t = createMarketTracker();
  t.await(7, 0);
  assert.equal(t.check(ev('snapshot', 7, 0, 412)), DELIVER);
  assert.equal(t.check(ev('delta', 7, 412, 362)), BACKWARD, 'nonce below its own begin_nonce');
  assert.equal(t.check(ev('delta', 7, 412, 413)), DELIVER, 'the book is untouched: the chain goes on from 412');
  assert.equal(t.check(ev('snapshot', 7, 0, 408)), BACKWARD, 'unrequested and older');
  t.await(7, 1);
  assert.equal(t.check(ev('snapshot', 7, 0, 400)), BACKWARD, 'older than the book delivered, even after a resubscribe');
  assert.equal(t.check(ev('snapshot', 7, 0, 413)), DELIVER, 'same seq: not backward');
  assert.deepEqual(t.counters(), { backwardDeltas: 1, staleSnapshots: 2 });
});

test('markets are independent', () => {
  const t = createMarketTracker();
  t.await(0, 0); t.await(1, 0);
  t.check(ev('snapshot', 0, 0, 5)); t.check(ev('snapshot', 1, 0, 5));
  assert.equal(t.check(ev('delta', 1, 7, 8)), GAP);
  assert.equal(t.check(ev('delta', 0, 5, 6)), DELIVER);
});

test('backoff doubles from the base to the cap, jittered within [½, 1]', () => {
  const lo = { random: () => 0 };
  const hi = { random: () => 0.999999 };
  assert.equal(backoffDelay(0, lo), 250);
  assert.equal(backoffDelay(0, hi), 500);
  assert.equal(backoffDelay(3, hi), 4000);
  assert.equal(backoffDelay(10, hi), 30_000);
  assert.equal(backoffDelay(1000, lo), 15_000);
  assert.equal(backoffDelay(2, { baseMs: 10, maxMs: 25, random: () => 0.999999 }), 25);
});
