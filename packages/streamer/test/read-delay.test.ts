// The streamer and the sockets' holds (read-delay.ts, @ob/core ticker.ts): the streamer asks for
// a read delay (the backstop) from its batch interval and withdraws it at stop; a flush reads
// every held socket first and is due by the oldest hold plus the interval; a change read from
// held data counts its age from when that data may have arrived, so the staleness reported
// includes the wait in the kernel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ticker, tickTask } from '@ob/core';
import { createStreamer } from '../src/create-streamer';
import { histogramWindow } from '../src/stats/histogram';
import { MAX_READ_DELAY_MS, readDelayFor } from '../src/read-delay';
import { FakeClock } from './fake-clock';
import { book, FakeFeed, marketList } from './fake-feed';
import { RecordingSink } from './recording-sink';

async function rigWithTicker(batchIntervalMs: number) {
  const clock = new FakeClock();
  const ticker = new Ticker(clock);
  const feed = new FakeFeed(marketList(3), 'testvenue', () => clock.now());
  const sink = new RecordingSink();
  const streamer = createStreamer({ feed, source: 'test', sink, clock, ticker, settings: { batchIntervalMs } });
  await streamer.start();
  return { clock, ticker, feed, sink, streamer };
}

test('the backstop is the interval, capped; below 10 ms (and at 1 ms) reads happen at once', () => {
  assert.equal(readDelayFor(1), 0);
  assert.equal(readDelayFor(9), 0);
  assert.equal(readDelayFor(10), 10);
  assert.equal(readDelayFor(100), 100);
  assert.equal(readDelayFor(10_000), MAX_READ_DELAY_MS);
  for (const ms of [10, 25, 50, 100, 250, 1000]) assert.ok(readDelayFor(ms) <= ms, `${ms} ms: no flush comes later than a hold's backstop`);
});

test('the streamer asks for its delay at start, follows the interval, and withdraws it at stop', async () => {
  const { ticker, streamer } = await rigWithTicker(100);
  assert.equal(ticker.readDelayMs(), 100);
  assert.equal(streamer.configure({ batchIntervalMs: 1 }).ok, true);
  assert.equal(ticker.readDelayMs(), 0, 'a 1 ms interval: reads at once');
  assert.equal(streamer.configure({ batchIntervalMs: 1000 }).ok, true);
  assert.equal(ticker.readDelayMs(), MAX_READ_DELAY_MS);
  await streamer.stop();
  assert.equal(ticker.readDelayMs(), 0, 'withdrawn');
});

test('a change from held data is flushed by its arrival + the interval, and its staleness counts the hold', async () => {
  const { clock, ticker, feed, sink, streamer } = await rigWithTicker(100);
  const b = book(100);
  const t0 = clock.now();
  // The socket left this read in the kernel since 10 ms ago.
  ticker.handOver(t0 - 10, () => feed.snapshot(0, b.bids, b.asks), undefined);
  await clock.advance(89);
  assert.equal(sink.writes.length, 0);
  await clock.advance(1);
  assert.equal(sink.writes.length, 1, 'written 100 ms after the data may have arrived, not after it was read');
  const h = histogramWindow(streamer.stalenessHistogram());
  assert.equal(h.count, 1);
  assert.ok(h.max >= 100, `staleness up to ${h.max} ms: the 10 ms in the kernel are counted`);
  await streamer.stop();
});

test('a change from a read at once (no hold) keeps the full interval', async () => {
  const { clock, feed, sink, streamer } = await rigWithTicker(100);
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks);
  await clock.advance(99);
  assert.equal(sink.writes.length, 0);
  await clock.advance(1);
  assert.equal(sink.writes.length, 1);
  await streamer.stop();
});

/** A socket's hold as the ticker sees it: run, it hands over what it held (a delta of market 0) and holds no more. */
function heldSocket(ticker: Ticker, feed: FakeFeed, since: number) {
  const read = { runs: 0, seq: 0 };
  const task = tickTask(() => {
    read.runs++;
    ticker.handOver(since, () => { read.seq = feed.delta(0, ['99.5', '3'], []); }, undefined);
  });
  ticker.scheduleHold(task, since);
  return read;
}

test('held data is read by a flush due at the hold plus the interval, in the flush, and counted from the hold', async () => {
  const { clock, ticker, feed, sink, streamer } = await rigWithTicker(100);
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks);
  await clock.advance(100);
  assert.equal(sink.writes.length, 1, 'the snapshot, read at once');
  const t0 = clock.now();
  const read = heldSocket(ticker, feed, t0);
  feed.wake(); // the read that ended with the socket holding
  await clock.advance(99);
  assert.equal(read.runs, 0, 'not read between flushes');
  assert.equal(sink.writes.length, 1);
  await clock.advance(1);
  assert.equal(read.runs, 1, 'read by the flush');
  assert.equal(sink.writes.length, 2, 'and written by it, in the same wake-up');
  assert.equal(sink.of('M0').at(-1)!.seq, read.seq, 'the flush wrote the book with the held data applied');
  const h = histogramWindow(streamer.stalenessHistogram());
  assert.ok(h.max >= 100, `staleness up to ${h.max} ms: counted from the hold`);
  assert.equal(ticker.earliestHold(), Infinity);
  await clock.advance(500);
  assert.equal(sink.writes.length, 2, 'nothing pending or held: no more flushes');
  await streamer.stop();
});

test('a flush for a pending market reads what the sockets hold first', async () => {
  const { clock, ticker, feed, sink, streamer } = await rigWithTicker(100);
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks);
  feed.snapshot(1, b.bids, b.asks);
  await clock.advance(100);
  feed.delta(1, ['99.5', '1'], []); // pending: due in 100 ms
  await clock.advance(40);
  const read = heldSocket(ticker, feed, clock.now()); // held since 40 ms later: due later
  feed.wake();
  await clock.advance(60);
  assert.equal(read.runs, 1, 'the held socket was read by the earlier flush');
  assert.deepEqual(sink.writes.at(-1)!.records.map((r) => r.symbol).sort(), ['M0', 'M1']);
  await streamer.stop();
});
