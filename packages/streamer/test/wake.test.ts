// Sharing wake-ups with the feed's socket reads (Batcher.wake): once the feed announces its
// reads, a flush due within the slack starts at a read, and the timer is the backstop after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_WAKE_SLACK_MS, WAKE_SLACK_SHARE } from '../src/batcher';
import { book } from './fake-feed';
import { rig } from './setup';

const SLACK = Math.min(MAX_WAKE_SLACK_MS, 100 * WAKE_SLACK_SHARE); // at a 100 ms interval

test('a read within the slack before the due time starts the flush; one earlier does not', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100 });
  feed.wake(); // the feed announces its reads from now on
  const b = book(100);
  const t0 = clock.now();
  feed.snapshot(0, b.bids, b.asks);
  await clock.advance(100 - SLACK - 1);
  feed.wake();
  assert.equal(sink.writes.length, 0, 'too early: outside the slack');
  await clock.advance(1);
  feed.wake();
  await clock.advance(0);
  assert.equal(sink.writes.length, 1, 'started by the read, at the due time minus the slack');
  assert.equal(sink.snapshots()[0]!.writtenTs - t0, 100 - SLACK);
  await streamer.stop();
});

test('a read just after the due time starts the flush before the timer would', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100 });
  feed.wake();
  const b = book(100);
  const t0 = clock.now();
  feed.snapshot(0, b.bids, b.asks);
  await clock.advance(101);
  assert.equal(sink.writes.length, 0, 'the timer waits out the slack for a read');
  feed.wake();
  await clock.advance(0);
  assert.equal(sink.writes.length, 1);
  assert.equal(sink.snapshots()[0]!.writtenTs - t0, 101);
  await streamer.stop();
});

test('no read comes: the timer flushes at the due time plus the slack', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100 });
  feed.wake();
  const b = book(100);
  const t0 = clock.now();
  feed.snapshot(0, b.bids, b.asks);
  await clock.advance(100 + SLACK - 1);
  assert.equal(sink.writes.length, 0);
  await clock.advance(1);
  assert.equal(sink.writes.length, 1);
  assert.equal(sink.snapshots()[0]!.writtenTs - t0, 100 + SLACK);
  await streamer.stop();
});

test('a feed that never announces reads keeps exact timer flushes (no slack)', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100 });
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks);
  await clock.advance(99);
  assert.equal(sink.writes.length, 0);
  await clock.advance(1);
  assert.equal(sink.writes.length, 1);
  await streamer.stop();
});

test('a read while a flush is in flight does not start another', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100 }, 2);
  feed.wake();
  sink.mode = 'manual';
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks);
  await clock.advance(100);
  feed.wake();
  await clock.advance(0);
  assert.equal(sink.writes.length, 1);
  feed.snapshot(1, b.bids, b.asks);
  await clock.advance(200);
  feed.wake();
  await clock.advance(0);
  assert.equal(sink.writes.length, 1, 'one flush at a time');
  sink.release();
  await clock.advance(SLACK);
  assert.equal(sink.writes.length, 2, 'the next one follows the first');
  sink.release();
  await streamer.stop();
});
