// Stats: one sample per second in a bounded ring, per-market rates, percentiles, the log line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatStatsLine } from '../src/stats-line';
import { HISTORY_SECONDS } from '../src/stats/collector';
import { BUCKET_MS, BUCKETS, countsAtOrBelow, CumulativeHistogram, histogramWindow } from '../src/stats/histogram';
import { Reservoir, RESERVOIR_SIZE } from '../src/stats/reservoir';
import { RingBuffer } from '../src/stats/ring-buffer';
import { book } from './fake-feed';
import { rig } from './setup';

test('the ring buffer keeps the newest `capacity` items, oldest first', () => {
  const r = new RingBuffer<number>(3);
  assert.deepEqual(r.last(), []);
  for (let i = 1; i <= 7; i++) r.push(i);
  assert.equal(r.length, 3);
  assert.deepEqual(r.last(), [5, 6, 7]);
  assert.deepEqual(r.last(2), [6, 7]);
  assert.deepEqual(r.last(99), [5, 6, 7]);
  assert.equal(r.latest(), 7);
});

test('the reservoir gives exact percentiles below its size and stays bounded above it', () => {
  const r = new Reservoir();
  for (let i = 100; i >= 1; i--) r.add(i);
  assert.deepEqual(r.drain(), [50, 99]);
  assert.deepEqual(r.drain(), [0, 0], 'drained');
  for (let i = 0; i < RESERVOIR_SIZE * 20; i++) r.add(i % 1000);
  const [p50, p99] = r.drain();
  assert.ok(p50! > 400 && p50! < 600, `p50 ${p50}`);
  assert.ok(p99! > 950, `p99 ${p99}`);
});

test('the histogram since start: percentiles as bucket upper edges, over the whole run or between two readings', () => {
  const h = new CumulativeHistogram();
  assert.deepEqual(histogramWindow(h.read()), { count: 0, p50: 0, p99: 0, max: 0 });
  for (let i = 100; i >= 1; i--) h.add(i);
  assert.deepEqual(histogramWindow(h.read()), { count: 100, p50: 50, p99: 99, max: 100 });
  const from = h.read();
  for (let i = 0; i < 99; i++) h.add(12.3); // 12.3 is in (12, 12.5]
  h.add(40);
  assert.deepEqual(histogramWindow(h.read(), from), { count: 100, p50: 12.5, p99: 12.5, max: 40 }, 'only what came after `from`');
  assert.equal(histogramWindow(h.read()).count, 200);
});

test('the histogram since start: zero and below in the first bucket, past 10 s and NaN in the overflow', () => {
  const h = new CumulativeHistogram();
  h.add(0);
  h.add(-3); // a clock step back must not index before the array
  assert.deepEqual(histogramWindow(h.read()), { count: 2, p50: BUCKET_MS, p99: BUCKET_MS, max: BUCKET_MS });
  h.add(BUCKETS * BUCKET_MS); // the last bucket's upper edge: still in range
  assert.equal(histogramWindow(h.read()).max, BUCKETS * BUCKET_MS);
  h.add(BUCKETS * BUCKET_MS + 1);
  h.add(NaN);
  const w = histogramWindow(h.read());
  assert.equal(w.count, 5);
  assert.equal(w.max, Infinity);
  assert.equal(w.p99, Infinity);
  assert.equal(w.p50, BUCKETS * BUCKET_MS, 'the third of five');
});

test('the histogram as Prometheus buckets: cumulative counts at or below each bound, the sum, the count', () => {
  const h = new CumulativeHistogram();
  for (const v of [0, 0.4, 1, 1.2, 5, 99.9, 100, 100.1, 20_000, NaN]) h.add(v);
  const r = h.read();
  assert.deepEqual(countsAtOrBelow(r, [1, 5, 100, 10_000]), { atOrBelow: [3, 5, 7, 8], count: 10 }, 'le is inclusive; overflow and NaN only in the count');
  assert.deepEqual(countsAtOrBelow(r, []), { atOrBelow: [], count: 10 });
  assert.ok(Math.abs(r.sum - (0.4 + 1 + 1.2 + 5 + 99.9 + 100 + 100.1 + 20_000)) < 1e-9, 'NaN left out of the sum');
});

test('the streamer counts the staleness of every write in its histogram', async () => {
  const { clock, feed, streamer } = await rig({ batchIntervalMs: 100 }, 2);
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks);
  feed.snapshot(1, b.bids, b.asks);
  await clock.advance(1000);
  const from = streamer.stalenessHistogram();
  for (let i = 0; i < 10; i++) { feed.delta(i % 2, ['98.50', String(i + 1)], []); await clock.advance(30); }
  await clock.advance(1000);
  const w = histogramWindow(streamer.stalenessHistogram(), from);
  const written = streamer.stats().totals.snapshots;
  assert.ok(w.count >= 2 && w.count === written - 2, `${w.count} writes in the window, ${written} in all`);
  assert.equal(w.max, 100, 'each acked the interval after its first change (the fake sink acks at once)');
  await streamer.stop();
});

test('one sample per second: messages, snapshots, pipelines, compression, staleness', async () => {
  const { clock, feed, streamer } = await rig({ batchIntervalMs: 100 }, 2);
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks);
  feed.snapshot(1, b.bids, b.asks);
  for (let i = 0; i < 18; i++) feed.delta(i % 2, ['98.50', String(i + 1)], []);
  await clock.advance(1000);
  const s = streamer.stats();
  assert.equal(s.history.length, 1);
  const cur = s.current;
  assert.equal(cur.messages, 20);
  assert.equal(cur.bytes, 2000);
  assert.equal(cur.snapshots, 2);
  assert.equal(cur.pipelines, 1);
  assert.equal(cur.compression, 10);
  assert.equal(cur.stalenessP50, 100);
  assert.equal(cur.stalenessP99, 100);
  assert.ok(cur.rss > 0 && cur.heapUsed > 0);
  assert.equal(s.totals.messages, 20);
  assert.equal(s.feed.markets, 2);
  assert.equal(s.feed.validMarkets, 2);
  assert.equal(s.redis.status, 'writable');
  await clock.advance(1000);
  assert.equal(streamer.stats().current.compression, 0, 'nothing written in the second second');
  await streamer.stop();
});

test('history is bounded at 15 minutes however long it runs; stats(n) returns the last n', async () => {
  const { clock, streamer } = await rig({}, 1);
  await clock.advance((HISTORY_SECONDS + 60) * 1000);
  const s = streamer.stats();
  assert.equal(HISTORY_SECONDS, 900);
  assert.equal(s.history.length, HISTORY_SECONDS);
  assert.equal(s.history.at(-1)!.t, clock.now());
  assert.equal(s.history[0]!.t, clock.now() - (HISTORY_SECONDS - 1) * 1000);
  assert.equal(streamer.stats(10).history.length, 10);
  await streamer.stop();
});

test('markets(): counts, rates over the last 10 s, best prices, validity', async () => {
  const { clock, feed, streamer } = await rig({ batchIntervalMs: 100 }, 2);
  feed.snapshot(0, ['10.5', '1', '10.4', '1'], ['10.6', '1']);
  for (let sec = 0; sec < 10; sec++) {
    for (let i = 0; i < 5; i++) feed.delta(0, ['10.3', String(i + 1)], []);
    await clock.advance(1000);
  }
  const m0 = streamer.markets().find((m) => m.symbol === 'M0')!;
  assert.equal(m0.messages, 51);
  assert.equal(m0.msgRate, 5.1);
  assert.equal(m0.writes, 10);
  assert.equal(m0.writeRate, 1);
  assert.equal(m0.bestBid, '10.5');
  assert.equal(m0.bestAsk, '10.6');
  assert.equal(m0.bidLevels, 3);
  assert.equal(m0.askLevels, 1);
  assert.equal(m0.valid, true);
  assert.ok(m0.lastWriteTs > 0);
  const m1 = streamer.markets().find((m) => m.symbol === 'M1')!;
  assert.equal(m1.valid, false);
  assert.equal(m1.bestBid, null);
  await streamer.stop();
});

test('book(): the in-memory book cut at depth; undefined for an unknown symbol', async () => {
  const { feed, streamer } = await rig({}, 1);
  const b = book(100, 4);
  const seq = feed.snapshot(0, b.bids, b.asks);
  const snap = streamer.book('M0', 2)!;
  assert.equal(snap.seq, seq);
  assert.equal(snap.writtenTs, 0);
  assert.deepEqual(snap.bids, [['99.00', '1.5'], ['98.00', '2.5']]);
  assert.deepEqual(snap.asks, [['101.00', '1.25'], ['102.00', '2.25']]);
  assert.equal(streamer.book('NOPE', 2), undefined);
  await streamer.stop();
});

test('onFlush gets the symbols of each acked flush', async () => {
  const { clock, feed, streamer } = await rig({ batchIntervalMs: 10 }, 3);
  const got: string[][] = [];
  streamer.onFlush((symbols) => got.push([...symbols]));
  const b = book(100);
  feed.snapshot(2, b.bids, b.asks);
  feed.snapshot(0, b.bids, b.asks);
  await clock.advance(10);
  assert.deepEqual(got, [['M2', 'M0']]);
  await streamer.stop();
});

test('formatStatsLine: counts and rates over the window since the previous line', () => {
  const totals = {
    messages: 15234 + 1000, bytes: 0, snapshots: 324 + 10, pipelines: 0, skippedSelective: 0, gaps: 0, resyncs: 0,
    reconnects: 0, parseErrors: 0, unknownTypes: 0, oversizeFrames: 0, redisErrors: 0, streamEntries: 0, keyRefreshes: 0, keysRewritten: 0, redisResets: 0,
  };
  const line = formatStatsLine(totals, 130_000, { at: 100_000, messages: 1000, snapshots: 10 });
  assert.equal(line, 'Stats: 15234 messages (507.8/s), 324 Redis writes (10.8/s), Compression ratio: 47.0:1');
});
