// The documented USD-M sync, step by step: buffer, snapshot at L, drop u < L, the first applied
// straddles L (U <= L <= u), then pu chains to the previous u; anything else re-snapshots that
// market alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DELIVER, DROP, GAP } from '../src/connection/types';
import { BRIDGING, BUFFERING, createBinanceTracker, IDLE, LIVE } from '../src/binance-usdm/tracker';
import type { BinanceDepthEvent } from '../src/binance-usdm/parse';

const ev = (market: number, U: number, u: number, pu: number): BinanceDepthEvent =>
  ({ kind: 'delta', market, firstSeq: U, seq: u, prevSeq: pu, exchangeTs: 0, receivedTs: 0, bids: [], asks: [] });
const snap = (market: number, L: number): BinanceDepthEvent =>
  ({ kind: 'snapshot', market, firstSeq: L, seq: L, prevSeq: -1, exchangeTs: 0, receivedTs: 0, bids: [], asks: [] });
const seqs = (r: ReturnType<ReturnType<typeof createBinanceTracker>['snapshot']>) =>
  r.verdict === 'synced' ? r.deliver.map((e) => `${e.kind[0]}${e.seq}`) : r.verdict;

test('buffered events older than the snapshot are dropped; the straddling one and its chain are delivered', () => {
  const t = createBinanceTracker();
  assert.equal(t.check(ev(1, 150, 155, 140)), DROP, 'not subscribed');
  t.await(1);
  for (const e of [ev(1, 150, 155, 140), ev(1, 157, 160, 155), ev(1, 161, 170, 160)]) assert.equal(t.check(e), DROP, 'buffered');
  assert.equal(t.phase(1), BUFFERING);
  assert.deepEqual(seqs(t.snapshot(snap(1, 158))), ['s158', 'd160', 'd170']);
  assert.equal(t.phase(1), LIVE);
  assert.equal(t.check(ev(1, 171, 175, 170)), DELIVER);
  assert.equal(t.check(ev(1, 180, 185, 176)), GAP, 'pu must equal the previous u');
  assert.equal(t.phase(1), BUFFERING, 'waits for a new snapshot');
  assert.equal(t.check(ev(1, 186, 190, 185)), DROP, 'buffered again');
  assert.deepEqual(seqs(t.snapshot(snap(1, 187))), ['s187', 'd190'], 'the event that showed the gap (u 185) is older than L');
});

test('a snapshot older than the first buffered event is stale: fetch another, keep the buffer', () => {
  const t = createBinanceTracker();
  t.await(2);
  t.check(ev(2, 157, 160, 155));
  t.check(ev(2, 161, 163, 160));
  assert.equal(t.snapshot(snap(2, 150)).verdict, 'stale');
  assert.equal(t.counters().staleSnapshots, 1);
  assert.equal(t.phase(2), BUFFERING);
  assert.deepEqual(seqs(t.snapshot(snap(2, 162))), ['s162', 'd163']);
});

test('no buffered event past the snapshot: the next must straddle it', () => {
  const t = createBinanceTracker();
  t.await(3);
  t.check(ev(3, 90, 95, 80));
  assert.deepEqual(seqs(t.snapshot(snap(3, 100))), ['s100']);
  assert.equal(t.phase(3), BRIDGING);
  assert.equal(t.check(ev(3, 96, 99, 95)), DROP, 'u < L: already in the snapshot');
  assert.equal(t.check(ev(3, 98, 104, 99)), DELIVER, 'U <= L <= u');
  assert.equal(t.phase(3), LIVE);

  t.await(3);
  t.snapshot(snap(3, 200));
  assert.equal(t.check(ev(3, 205, 210, 204)), GAP, 'U > L: updates between L and U were never seen');

  t.await(3);
  t.snapshot(snap(3, 300));
  assert.equal(t.check(ev(3, 303, 305, 300)), DELIVER, 'pu == L: the event before ended at the snapshot');
  t.await(3);
  t.check(ev(3, 403, 405, 400));
  assert.deepEqual(seqs(t.snapshot(snap(3, 400))), ['s400', 'd405'], 'the same, from the buffer');
});

test('a broken pu chain inside the buffer needs a new snapshot', () => {
  const t = createBinanceTracker();
  t.await(4);
  t.check(ev(4, 157, 160, 150));
  t.check(ev(4, 165, 170, 161));
  assert.equal(t.snapshot(snap(4, 158)).verdict, 'gap');
  assert.equal(t.phase(4), BUFFERING);
  assert.deepEqual(seqs(t.snapshot(snap(4, 168))), ['s168', 'd170']);
});

test('markets are independent; idle drops; a snapshot nobody waits for is ignored', () => {
  const t = createBinanceTracker();
  t.await(5); t.await(6);
  t.snapshot(snap(5, 10)); t.snapshot(snap(6, 10));
  t.check(ev(5, 9, 11, 8)); t.check(ev(6, 9, 11, 8));
  assert.equal(t.check(ev(6, 20, 21, 19)), GAP);
  assert.equal(t.check(ev(5, 12, 13, 11)), DELIVER, 'the other market is untouched');
  assert.equal(t.snapshot(snap(5, 50)).verdict, 'ignored', 'already live');
  t.idle(5);
  assert.equal(t.phase(5), IDLE);
  assert.equal(t.check(ev(5, 14, 15, 13)), DROP);
  assert.equal(t.snapshot(snap(99, 1)).verdict, 'ignored');
});

test('the buffer is bounded: the oldest half goes, and the sync still judges what is left', () => {
  const t = createBinanceTracker(10);
  t.await(7);
  for (let i = 0; i < 25; i++) t.check(ev(7, i * 10 + 1, i * 10 + 10, i * 10));
  assert.equal(t.counters().bufferOverflows, 15);
  assert.equal(t.snapshot(snap(7, 5)).verdict, 'stale', 'the events after 5 were dropped');
  const r = t.snapshot(snap(7, 205));
  assert.deepEqual(seqs(r), ['s205', 'd210', 'd220', 'd230', 'd240', 'd250']);
});
