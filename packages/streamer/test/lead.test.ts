// The flush lead: a flush starts early by what nearly all recent flushes took (timer lateness +
// build + write + ack), so a market's snapshot is in Redis batchIntervalMs after its first change
// rather than that long plus the write. Bounded by MAX_LEAD_SHARE of the interval.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_LEAD_SHARE } from '../src/batcher';
import { FlushLead, LEAD_WINDOW } from '../src/flush-lead';
import type { FakeClock } from './fake-clock';
import { book } from './fake-feed';
import type { RecordingSink } from './recording-sink';
import { rig } from './setup';

/** The sink acks each write `ackMs` (or ackMs(n) for the n-th) after it was sent; returns the clock time of every write. */
function slowAcks(sink: RecordingSink, clock: FakeClock, ackMs: number | ((n: number) => number)): number[] {
  const sent: number[] = [];
  const write = sink.write.bind(sink);
  sink.write = (records, ttl) => {
    const wait = typeof ackMs === 'number' ? ackMs : ackMs(sent.length);
    sent.push(clock.now());
    return write(records, ttl).then(() => new Promise<void>((resolve) => { clock.setTimeout(resolve, wait); }));
  };
  return sent;
}

test('FlushLead: the third slowest of the last 20 flushes, the unrun ones counting as 0', () => {
  const lead = new FlushLead();
  assert.equal(lead.ms(50), 0);
  lead.record(40); // a cold first flush
  lead.record(3);
  assert.equal(lead.ms(50), 0, 'two outliers do not count');
  for (let i = 1; i <= LEAD_WINDOW; i++) lead.record(i);
  assert.equal(lead.ms(50), LEAD_WINDOW - 2);
  assert.equal(lead.ms(10), 10, 'capped');
  lead.record(-5);
  for (let i = 1; i < LEAD_WINDOW; i++) lead.record(2);
  assert.equal(lead.ms(50), 2, 'older flushes are forgotten; a negative one counts as 0');
});

/**
 * Three markets at a 100 ms interval, a change every 5 ms for `seconds` (the first ones train the
 * lead), writes acked as slowAcks says; the stats of the last second, which is judged.
 */
async function judgedSecond(ackMs: number | ((n: number) => number), seconds: number) {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100 }, 3);
  slowAcks(sink, clock, ackMs);
  const b = book(100);
  for (let m = 0; m < 3; m++) feed.snapshot(m, b.bids, b.asks);
  for (let i = 0; i < seconds * 200; i++) {
    feed.delta(i % 3, ['98.50', String(i + 1)], []);
    await clock.advance(5);
  }
  const last = streamer.stats().current;
  await streamer.stop();
  assert.ok(last.snapshots > 0, 'writes in the judged second');
  return last;
}

test('writes slow one time in five: the lead covers them, not their average', async () => {
  const last = await judgedSecond((n) => (n % 5 === 4 ? 20 : 1), 4);
  assert.ok(last.stalenessP99 <= 100, `staleness p99 ${last.stalenessP99} ms (interval 100; an average lead leaves the slow writes ~15 ms late)`);
});

test('with a 20 ms write, staleness settles at the interval instead of interval + 20 ms', async () => {
  const last = await judgedSecond(20, 3);
  assert.ok(last.stalenessP99 <= 100, `staleness p99 ${last.stalenessP99} ms (interval 100)`);
  assert.ok(last.stalenessP50 >= 90, `staleness p50 ${last.stalenessP50} ms: the flush is not started needlessly early`);
});

test(`the lead never exceeds ${MAX_LEAD_SHARE * 100} % of the interval, however slow the writes`, async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100 }, 1);
  const sent = slowAcks(sink, clock, 90);
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks);
  for (let i = 0; i < 10; i++) { // slow flushes: the lead wants 90 ms
    feed.delta(0, ['98.50', String(i + 1)], []);
    await clock.advance(200);
  }
  const changedAt = clock.now();
  feed.delta(0, ['98.50', '7'], []);
  await clock.advance(200);
  const next = sent.find((t) => t >= changedAt);
  assert.equal(next! - changedAt, 100 * (1 - MAX_LEAD_SHARE), 'written at interval minus the capped lead');
  await streamer.stop();
});

test('an instant sink keeps flushes exactly one interval after the first change', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100 }, 1);
  const sent = slowAcks(sink, clock, 0);
  const b = book(100);
  const t0 = clock.now();
  feed.snapshot(0, b.bids, b.asks);
  await clock.advance(150);
  feed.delta(0, ['98.50', '7'], []);
  await clock.advance(150);
  assert.deepEqual(sent.map((t) => t - t0), [100, 250]);
  await streamer.stop();
});
