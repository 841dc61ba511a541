// Flush timing, coalescing, batch size, ordering and retry, on a fake clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RETRY_BASE_MS } from '../src/batcher';
import { book } from './fake-feed';
import { rig } from './setup';

test('nothing is written before batchIntervalMs after the first change; written at it', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100 });
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks);
  await clock.advance(50);
  feed.delta(0, ['98.50', '1'], []); // a later change does not push the deadline back
  await clock.advance(49);
  assert.equal(sink.writes.length, 0);
  await clock.advance(1);
  assert.equal(sink.writes.length, 1);
  assert.equal(sink.writes[0]!.records[0]!.symbol, 'M0');
  await streamer.stop();
});

test('100 events on one market in an interval coalesce into one write of the latest book', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100 });
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks);
  let last = 0;
  for (let i = 0; i < 99; i++) last = feed.delta(0, [`98.${String(i).padStart(2, '0')}`, '2'], []);
  await clock.advance(99);
  assert.equal(sink.writes.length, 0, 'one market changing often is still one pending market');
  await clock.advance(1);
  const snaps = sink.of('M0');
  assert.equal(snaps.length, 1);
  assert.equal(snaps[0]!.seq, last);
  assert.equal(streamer.markets().find((m) => m.symbol === 'M0')!.messages, 100);
  // The deltas went into the book: bids 99.00 (snapshot) then 98.98 (latest delta) from the top.
  assert.deepEqual(snaps[0]!.bids.slice(0, 2), [['99.00', '1.5'], ['98.98', '2']]);
  await streamer.stop();
});

test('maxBatchSize pending markets flush at once', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 1000, maxBatchSize: 3 }, 5);
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks);
  feed.snapshot(1, b.bids, b.asks);
  await clock.advance(0);
  assert.equal(sink.writes.length, 0);
  feed.snapshot(2, b.bids, b.asks);
  await clock.advance(0);
  assert.equal(sink.writes.length, 1);
  assert.deepEqual(sink.writes[0]!.records.map((r) => r.symbol), ['M0', 'M1', 'M2']);
  await streamer.stop();
});

test('a set bigger than maxBatchSize goes in several pipelines of at most that size', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 1000, maxBatchSize: 3 }, 10);
  sink.mode = 'manual';
  const b = book(100);
  for (let id = 0; id < 3; id++) feed.snapshot(id, b.bids, b.asks);
  await clock.advance(0);
  assert.equal(sink.heldCount, 1); // first flush in flight
  for (let id = 3; id < 10; id++) feed.snapshot(id, b.bids, b.asks);
  await clock.advance(0);
  assert.equal(sink.writes.length, 1, 'no second flush while one is in flight');
  sink.mode = 'ok';
  sink.release();
  await clock.advance(0);
  const sizes = sink.writes.slice(1).map((w) => w.records.length);
  assert.deepEqual(sizes, [3, 3, 1]);
  assert.equal(streamer.stats().totals.pipelines, 4);
  assert.equal(streamer.stats().totals.snapshots, 10);
  await streamer.stop();
});

test('a market changed during its in-flight write is written again after it, in seq order', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100 });
  sink.mode = 'manual';
  const b = book(100);
  const s1 = feed.snapshot(0, b.bids, b.asks);
  await clock.advance(100);
  assert.equal(sink.heldCount, 1);
  const s2 = feed.delta(0, ['98.10', '3'], []);
  await clock.advance(300);
  assert.equal(sink.writes.length, 1, 'the newer book waits for the write in flight');
  sink.release();
  await clock.advance(0);
  assert.equal(sink.writes.length, 2);
  sink.release();
  await clock.advance(0);
  assert.deepEqual(sink.of('M0').map((s) => s.seq), [s1, s2]);
  assert.ok(s2 > s1);
  assert.equal(streamer.stats().pendingMarkets, 0);
  await streamer.stop();
});

test('a failed write loses nothing: the markets stay pending and are written on retry', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100 }, 3);
  const b = book(100);
  for (let id = 0; id < 3; id++) feed.snapshot(id, b.bids, b.asks);
  sink.mode = 'fail';
  await clock.advance(100);
  assert.equal(sink.writes.length, 1);
  assert.equal(streamer.stats().totals.redisErrors, 1);
  assert.equal(streamer.stats().pendingMarkets, 3);
  assert.equal(streamer.stats().totals.snapshots, 0);
  const latest = feed.delta(1, ['98.70', '4'], []);
  sink.mode = 'ok';
  await clock.advance(RETRY_BASE_MS * 2);
  const ok = sink.writes.slice(1).flatMap((w) => w.records.map((r) => r.symbol)).sort();
  assert.deepEqual(ok, ['M0', 'M1', 'M2']);
  assert.equal(sink.of('M1').at(-1)!.seq, latest);
  assert.equal(streamer.stats().pendingMarkets, 0);
  assert.equal(streamer.stats().totals.snapshots, 3);
  await streamer.stop();
});

test('retries back off while the sink keeps failing, and stop when nothing is pending', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100 }, 1);
  sink.mode = 'fail';
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks);
  await clock.advance(100 + 5_000);
  const attempts = sink.writes.length;
  // 5 s at backoff capped at 500 ms: about 10-15 attempts, not one per millisecond.
  assert.ok(attempts >= 8 && attempts <= 20, `attempts ${attempts}`);
  feed.invalidate(0, 'disconnect');
  await clock.advance(2_000);
  const after = sink.writes.length;
  await clock.advance(5_000);
  assert.equal(sink.writes.length, after, 'no retries once nothing is pending');
  await streamer.stop();
});

test('a gap stops writes of that market until its next snapshot', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100 }, 2);
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks);
  feed.snapshot(1, b.bids, b.asks);
  await clock.advance(100);
  assert.equal(sink.writes.length, 1);
  feed.delta(0, ['98.30', '1'], []);
  feed.delta(1, ['98.30', '1'], []);
  feed.invalidate(0, 'gap');
  feed.delta(0, ['98.40', '1'], []); // a delta across the gap is not applied
  await clock.advance(100);
  assert.deepEqual(sink.writes[1]!.records.map((r) => r.symbol), ['M1']);
  const m0 = streamer.markets().find((m) => m.symbol === 'M0')!;
  assert.equal(m0.valid, false);
  assert.equal(m0.gaps, 1);
  await clock.advance(1_000);
  assert.equal(sink.of('M0').length, 1, 'nothing written for M0 while invalid');
  const seq = feed.snapshot(0, book(200).bids, book(200).asks, 500);
  await clock.advance(100);
  assert.equal(sink.of('M0').length, 2);
  assert.equal(sink.of('M0')[1]!.seq, seq);
  assert.equal(sink.of('M0')[1]!.bids[0]![0], '199.00');
  assert.equal(streamer.markets().find((m) => m.symbol === 'M0')!.valid, true);
  await streamer.stop();
});

test('stop() writes what is pending before it returns', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 5_000, maxStalenessMs: 5_000 }, 2);
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks);
  await clock.advance(10);
  assert.equal(sink.writes.length, 0);
  await streamer.stop();
  assert.deepEqual(sink.snapshots().map((s) => s.symbol), ['M0']);
  assert.equal(clock.pendingTimers, 0, 'no timer left behind');
});
