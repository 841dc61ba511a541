// Selective updates (minChangeBps) bounded by maxStalenessMs, and per-market depth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { book } from './fake-feed';
import { parseRecord } from './recording-sink';
import { rig } from './setup';

test('with minChangeBps a small move waits, but never longer than maxStalenessMs', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 100, minChangeBps: 10, maxStalenessMs: 500 }, 1);
  feed.snapshot(0, ['100.00', '1'], ['100.10', '1']);
  await clock.advance(100);
  assert.equal(sink.of('M0').length, 1, 'a never-written book is written');

  // Size change only, best prices unchanged: held back.
  const t0 = clock.now();
  feed.delta(0, ['100.00', '2'], []);
  await clock.advance(100);
  assert.equal(sink.of('M0').length, 1);
  assert.equal(streamer.stats().totals.skippedSelective, 1);
  assert.equal(streamer.stats().pendingMarkets, 1);
  await clock.advance(500 - 100 - 1);
  assert.equal(sink.of('M0').length, 1, 'still within maxStalenessMs');
  await clock.advance(1);
  assert.equal(sink.of('M0').length, 2, 'written at maxStalenessMs after the first unwritten change');
  assert.equal(clock.now() - t0, 500);

  // A 20 bps move of the best bid is written at the next interval.
  feed.delta(0, ['100.20', '1'], ['100.10', '0', '100.30', '1']);
  await clock.advance(100);
  assert.equal(sink.of('M0').length, 3);
  assert.equal(sink.of('M0')[2]!.bids[0]![0], '100.20');
  await streamer.stop();
});

test('a held market is counted as skipped once per held change, not once per interval', async () => {
  const { clock, feed, streamer } = await rig({ batchIntervalMs: 100, minChangeBps: 50, maxStalenessMs: 10_000 }, 1);
  feed.snapshot(0, ['100.00', '1'], ['101.00', '1']);
  await clock.advance(100);
  feed.delta(0, ['99.50', '1'], []);
  await clock.advance(1_000);
  assert.equal(streamer.stats().totals.skippedSelective, 1);
  await streamer.stop();
});

test('depth cuts each side; depthOverrides set it per symbol', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 10, depth: 2, depthOverrides: { M1: 1, UNKNOWN: 5 } }, 3);
  const b = book(100, 5);
  for (let id = 0; id < 3; id++) feed.snapshot(id, b.bids, b.asks);
  await clock.advance(10);
  const [m0, m1, m2] = ['M0', 'M1', 'M2'].map((s) => sink.of(s)[0]!);
  assert.deepEqual(m0!.bids, [['99.00', '1.5'], ['98.00', '2.5']]);
  assert.deepEqual(m0!.asks, [['101.00', '1.25'], ['102.00', '2.25']]);
  assert.equal(m1!.bids.length, 1);
  assert.equal(m1!.asks.length, 1);
  assert.equal(m2!.bids.length, 2);
  assert.equal(streamer.markets().find((m) => m.symbol === 'M1')!.depth, 1);
  assert.equal(streamer.markets().find((m) => m.symbol === 'M1')!.bidLevels, 5);
  await streamer.stop();
});

test('snapshot JSON has the documented layout, key order and escaping', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 10 }, 0);
  feed.listener!.markets([{ id: 7, symbol: 'we"ird\\sym' }]);
  feed.snapshot(7, ['10.5', '1.0', '10.4', '2'], ['10.6', '3'], 42);
  await clock.advance(10);
  const r = sink.writes[0]!.records[0]!;
  assert.equal(r.compressed, false);
  const now = clock.now();
  assert.ok(Buffer.isBuffer(r.value), 'UTF-8 bytes');
  assert.equal(r.value.toString('utf8'), '{"venue":"testvenue","market":7,"symbol":"we\\"ird\\\\sym","seq":42,'
    + `"exchangeTs":${now - 11},"receivedTs":${now - 10},"writtenTs":${now},`
    + '"bids":[["10.5","1.0"],["10.4","2"]],"asks":[["10.6","3"]]}');
  assert.equal(parseRecord(r).symbol, 'we"ird\\sym');
  await streamer.stop();
});

test('compression gzip writes gzip bytes of the same JSON, flagged compressed', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 10, compression: 'gzip' }, 1);
  feed.snapshot(0, ['1.5', '1'], ['1.6', '2']);
  await clock.advance(10);
  const r = sink.writes[0]!.records[0]!;
  assert.equal(r.compressed, true);
  assert.ok(Buffer.isBuffer(r.value));
  const json = JSON.parse(gunzipSync(r.value).toString('utf8'));
  assert.deepEqual(json.bids, [['1.5', '1']]);
  assert.equal(json.symbol, 'M0');
  await streamer.stop();
});
