// Edge cases of the batcher found while testing: retry backoff under new changes, held markets
// that keep changing, partial failures of a split flush, markets invalidated while queued.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RETRY_BASE_MS, RETRY_MAX_MS } from '../src/batcher';
import { book } from './fake-feed';
import type { RecordingSink } from './recording-sink';
import { rig } from './setup';
import type { FakeClock } from './fake-clock';

/** Records the clock time of every sink.write call. */
function writeTimes(sink: RecordingSink, clock: FakeClock): number[] {
  const times: number[] = [];
  const write = sink.write.bind(sink);
  sink.write = (records, ttl) => { times.push(clock.now()); return write(records, ttl); };
  return times;
}

test('retry delays double up to RETRY_MAX_MS, even while other markets keep changing', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100 }, 3);
  const times = writeTimes(sink, clock);
  sink.mode = 'fail';
  const t0 = clock.now();
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks);
  await clock.advance(100);
  assert.deepEqual(times.map((t) => t - t0), [100]);
  // New markets change during the backoff: they wait for the retry instead of forcing a flush.
  await clock.advance(10);
  feed.snapshot(1, b.bids, b.asks);
  await clock.advance(10);
  feed.snapshot(2, b.bids, b.asks);
  await clock.advance(3_000);
  const expected = [100];
  for (let delay = RETRY_BASE_MS, at = 100; at + delay <= 3_120; delay = Math.min(RETRY_MAX_MS, delay * 2)) {
    at += delay;
    expected.push(at);
  }
  assert.deepEqual(times.map((t) => t - t0), expected);
  assert.deepEqual(expected.slice(0, 7), [100, 150, 250, 450, 850, 1350, 1850], 'the schedule this test expects');
  assert.equal(streamer.stats().totals.redisErrors, expected.length);
  assert.equal(streamer.stats().pendingMarkets, 3);

  sink.mode = 'ok';
  await clock.advance(RETRY_MAX_MS);
  assert.deepEqual(sink.writes.at(-1)!.records.map((r) => r.symbol).sort(), ['M0', 'M1', 'M2']);
  assert.equal(streamer.stats().pendingMarkets, 0);
  await streamer.stop();
});

test('staleness of a retried write counts from the original first change', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100 }, 1);
  sink.mode = 'fail';
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks); // at start + 0
  await clock.advance(100);          // fails at 100
  feed.delta(0, ['98.50', '1'], []); // a newer change must not reset the first-change time
  sink.mode = 'ok';
  await clock.advance(900);          // retried at 150 and acked; the sample closes at 1000
  const cur = streamer.stats().current;
  assert.equal(sink.of('M0').length, 2, 'one failed write, one acked');
  assert.equal(streamer.stats().totals.snapshots, 1);
  assert.equal(cur.stalenessP50, 100 + RETRY_BASE_MS);
  assert.equal(streamer.stats().totals.redisErrors, 1);
  await streamer.stop();
});

test('a held market that keeps changing is reconsidered once per interval, not once per event', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100, minChangeBps: 100, maxStalenessMs: 10_000 }, 2);
  const times = writeTimes(sink, clock);
  feed.snapshot(0, ['100.00', '1'], ['101.00', '1']);
  await clock.advance(100);
  assert.equal(sink.of('M0').length, 1);
  // M0 now gets a size change (no price move) every 10 ms: it is held.
  for (let i = 0; i < 20; i++) {
    feed.delta(0, ['100.00', String(i + 2)], []);
    await clock.advance(10);
  }
  // M1 changes in the middle of that traffic, just after an M0 event; it is written
  // batchIntervalMs after its change, not with the flush that M0's event started.
  const t1 = clock.now();
  feed.delta(0, ['100.00', '29'], []);
  feed.snapshot(1, ['50.00', '1'], ['51.00', '1']);
  for (let i = 0; i < 20; i++) {
    feed.delta(0, ['100.00', String(i + 30)], []);
    await clock.advance(10);
  }
  assert.equal(sink.of('M0').length, 1, 'M0 still held');
  const m1 = times.filter((_, i) => sink.writes[i]!.records.some((r) => r.symbol === 'M1'));
  assert.deepEqual(m1, [t1 + 100], 'M1 written at its interval, not at the next M0 event');
  // 400 ms of held changes: about one skip per interval, not one per event (40).
  const skipped = streamer.stats().totals.skippedSelective;
  assert.ok(skipped >= 3 && skipped <= 5, `skippedSelective ${skipped}`);
  await streamer.stop();
});

test('onFlush and the counters name only the pipelines Redis acked', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100, maxBatchSize: 2 }, 4);
  const write = sink.write.bind(sink);
  let failM3 = true;
  sink.write = (records, ttl) => {
    const p = write(records, ttl);
    return failM3 && records.some((r) => r.symbol === 'M3') ? Promise.reject(new Error('partial')) : p;
  };
  const flushed: string[][] = [];
  streamer.onFlush((symbols) => flushed.push([...symbols]));
  const b = book(100);
  for (let id = 0; id < 4; id++) feed.snapshot(id, b.bids, b.asks);
  await clock.advance(0); // a full batch: one flush, two pipelines [M0 M1] [M2 M3]
  assert.equal(sink.writes.length, 2);
  assert.deepEqual(flushed, [['M0', 'M1']], 'M2 and M3 were not acked');
  assert.equal(streamer.stats().totals.snapshots, 2);
  assert.equal(streamer.stats().totals.pipelines, 1);
  assert.equal(streamer.stats().totals.redisErrors, 1);
  assert.equal(streamer.stats().pendingMarkets, 2);
  failM3 = false;
  await clock.advance(RETRY_BASE_MS);
  assert.deepEqual(flushed, [['M0', 'M1'], ['M2', 'M3']]);
  assert.equal(streamer.stats().totals.snapshots, 4);
  assert.equal(streamer.stats().totals.pipelines, 2);
  await streamer.stop();
});

test('a market invalidated and re-snapshotted while queued counts once toward maxBatchSize', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 1_000, maxBatchSize: 2 }, 2);
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks);
  feed.invalidate(0, 'gap');
  feed.snapshot(0, b.bids, b.asks);
  await clock.advance(10);
  assert.equal(sink.writes.length, 0, 'one market pending is not a full batch');
  assert.equal(streamer.stats().pendingMarkets, 1);
  feed.snapshot(1, b.bids, b.asks);
  await clock.advance(0);
  assert.deepEqual(sink.writes.map((w) => w.records.map((r) => r.symbol)), [['M0', 'M1']]);
  await streamer.stop();
});

test('turning minChangeBps off writes held markets at the next interval, not at maxStalenessMs', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100, minChangeBps: 100, maxStalenessMs: 5_000 }, 1);
  feed.snapshot(0, ['100.00', '1'], ['101.00', '1']);
  await clock.advance(100);
  const seq = feed.delta(0, ['100.00', '2'], []);
  await clock.advance(100);
  assert.equal(sink.of('M0').length, 1, 'held');
  assert.equal(streamer.configure({ minChangeBps: 0 }).ok, true);
  await clock.advance(100);
  assert.deepEqual(sink.of('M0').map((s) => s.seq).slice(1), [seq]);
  await streamer.stop();
});

test('stop() writes held markets too, and leaves no timer behind', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100, minChangeBps: 100, maxStalenessMs: 5_000 }, 2);
  feed.snapshot(0, ['100.00', '1'], ['101.00', '1']);
  await clock.advance(100);
  const held = feed.delta(0, ['100.00', '2'], []);
  await clock.advance(100);
  const pending = feed.snapshot(1, ['10.00', '1'], ['11.00', '1']);
  await clock.advance(10);
  assert.equal(streamer.stats().pendingMarkets, 2);
  assert.equal(sink.writes.length, 1);
  await streamer.stop();
  assert.deepEqual(sink.writes.slice(1).flatMap((w) => w.records.map((r) => r.symbol)).sort(), ['M0', 'M1']);
  assert.equal(sink.of('M0').at(-1)!.seq, held);
  assert.equal(sink.of('M1').at(-1)!.seq, pending);
  assert.equal(streamer.stats().pendingMarkets, 0);
  assert.equal(clock.pendingTimers, 0);
});

test('stop() says how many markets Redis did not take the last state of: 0 when all is in', async () => {
  const down = await rig({ batchIntervalMs: 10_000, maxStalenessMs: 10_000 }, 3);
  const b = book(100);
  for (const id of [0, 1, 2]) down.feed.snapshot(id, b.bids, b.asks);
  down.sink.mode = 'fail';
  assert.deepEqual(await down.streamer.stop(), { unwritten: 3 });

  const up = await rig({ batchIntervalMs: 10_000, maxStalenessMs: 10_000 }, 3);
  for (const id of [0, 1]) up.feed.snapshot(id, b.bids, b.asks);
  assert.deepEqual(await up.streamer.stop(), { unwritten: 0 });
  assert.equal(up.sink.snapshots().length, 2);
});
