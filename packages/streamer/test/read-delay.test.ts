// The streamer and the sockets' read delay (read-delay.ts, @ob/core ticker.ts): the streamer asks
// for a delay from its batch interval and withdraws it at stop; a change read from held data
// counts its age from when that data may have arrived, so the flush comes that much sooner and
// the staleness reported includes the wait in the kernel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ticker } from '@ob/core';
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

test('the delay is a small share of the interval, capped; below 10 ms (and at 1 ms) reads happen at once', () => {
  assert.equal(readDelayFor(1), 0);
  assert.equal(readDelayFor(9), 0);
  assert.equal(readDelayFor(10), 1);
  assert.equal(readDelayFor(100), 12);
  assert.equal(readDelayFor(10_000), MAX_READ_DELAY_MS);
  for (const ms of [10, 25, 50, 100, 250, 1000]) assert.ok(readDelayFor(ms) <= ms / 8, `${ms} ms keeps 7/8 for batching`);
});

test('the streamer asks for its delay at start, follows the interval, and withdraws it at stop', async () => {
  const { ticker, streamer } = await rigWithTicker(100);
  assert.equal(ticker.readDelayMs(), 12);
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
