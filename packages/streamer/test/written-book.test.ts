// Streamer.writtenBook: the book as Redis acked it, which the dashboard compares with Redis,
// even once the in-memory book has moved on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { book } from './fake-feed';
import { parseRecord } from './recording-sink';
import { rig } from './setup';

test('writtenBook is the last acked snapshot, cut at depth, while the in-memory book moves on', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100, depth: 3 });
  assert.equal(streamer.writtenBook('M0', 3), undefined, 'nothing written yet');
  const b = book(100, 5);
  feed.snapshot(0, b.bids, b.asks);
  sink.mode = 'manual';
  await clock.advance(100);
  assert.equal(sink.writes.length, 1);
  assert.equal(streamer.writtenBook('M0', 3), undefined, 'not acked yet');
  const newer = feed.delta(0, ['98.50', '7'], []);
  sink.release();
  await clock.advance(0);

  const written = parseRecord(sink.writes[0]!.records[0]!);
  assert.deepEqual(streamer.writtenBook('M0', 3), written, 'exactly what was written');
  assert.equal(streamer.book('M0', 3)!.seq, newer, 'the in-memory book is newer');
  assert.notEqual(written.seq, newer);
  const two = streamer.writtenBook('M0', 2)!;
  assert.deepEqual(two.bids, written.bids.slice(0, 2));
  assert.deepEqual(two.asks, written.asks.slice(0, 2));
  assert.equal(streamer.writtenBook('M0', 4), undefined, 'deeper than written');
  assert.equal(streamer.writtenBook('NOPE', 3), undefined);
  await streamer.stop();
});
