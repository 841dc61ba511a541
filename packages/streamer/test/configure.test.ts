// configure(): schema + cross-field validation, all or nothing, effects on the next flush.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { book } from './fake-feed';
import { rig } from './setup';
import { depthFor } from '../src/settings';

test('out-of-range values are refused with the field and its allowed range', async () => {
  const { streamer } = await rig();
  const r = streamer.configure({ batchIntervalMs: 0, depth: 5000 });
  assert.equal(r.ok, false);
  if (r.ok) return;
  const byField = Object.fromEntries(r.errors.map((e) => [e.field, e.allowed]));
  assert.equal(byField.batchIntervalMs, 'must be an integer from 1 to 10000');
  assert.equal(byField.depth, 'must be an integer from 1 to 1000');
  await streamer.stop();
});

test('nothing is half-applied: one bad field rejects the whole patch', async () => {
  const { streamer } = await rig();
  // As JSON: per-symbol maps are null-prototype objects, which a structured clone would not keep.
  const before = JSON.stringify(streamer.settings());
  const r = streamer.configure({ batchIntervalMs: 50, depth: 0, bogus: 1 });
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.errors.map((e) => e.field).sort(), ['bogus', 'depth']);
  assert.equal(JSON.stringify(streamer.settings()), before);
  for (const bad of [null, [], 'x', { markets: 'BTC' }, { compression: 'zstd' }, { depthOverrides: { BTC: 0 } }]) {
    assert.equal(streamer.configure(bad).ok, false, JSON.stringify(bad));
  }
  assert.equal(JSON.stringify(streamer.settings()), before);
  await streamer.stop();
});

test('maxStalenessMs must stay >= batchIntervalMs after merging', async () => {
  const { streamer } = await rig({ batchIntervalMs: 100, maxStalenessMs: 1000 });
  let r = streamer.configure({ maxStalenessMs: 50 });
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.errors[0]!.field, 'maxStalenessMs');
  r = streamer.configure({ batchIntervalMs: 2000 });
  assert.equal(r.ok, false);
  assert.equal(streamer.settings().batchIntervalMs, 100);
  r = streamer.configure({ batchIntervalMs: 2000, maxStalenessMs: 3000 });
  assert.equal(r.ok, true);
  if (r.ok) assert.deepEqual(r.changed.sort(), ['batchIntervalMs', 'maxStalenessMs']);
  await streamer.stop();
});

test('an applied change returns the changed keys, notifies listeners, sets markets on the feed', async () => {
  const { feed, streamer } = await rig();
  const seen: string[][] = [];
  const off = streamer.onConfigure((_s, changed) => seen.push(changed));
  const r = streamer.configure({ markets: ['M1', 'M2'], depth: 50, depthOverrides: { NEWCOIN: 10 } });
  assert.equal(r.ok, true);
  if (r.ok) assert.deepEqual(r.changed.sort(), ['depthOverrides', 'markets']); // depth 50 is the default
  assert.deepEqual(feed.setMarketsCalls.at(-1), ['M1', 'M2']);
  assert.deepEqual(seen, [r.ok ? r.changed : []]);
  off();
  streamer.configure({ depth: 10 });
  assert.equal(seen.length, 1, 'unsubscribed listener not called');
  await streamer.stop();
});

test('a shorter batchIntervalMs takes effect for markets already pending', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 1000 });
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks);
  await clock.advance(10);
  assert.equal(streamer.configure({ batchIntervalMs: 50 }).ok, true);
  await clock.advance(39);
  assert.equal(sink.writes.length, 0);
  await clock.advance(1);
  assert.equal(sink.writes.length, 1, 'written 50 ms after the first change');
  await streamer.stop();
});

test('depth, ttl and compression apply from the next flush', async () => {
  const { clock, feed, sink, streamer } = await rig({ batchIntervalMs: 10 }, 1);
  const b = book(100, 5);
  feed.snapshot(0, b.bids, b.asks);
  await clock.advance(10);
  assert.equal(sink.of('M0')[0]!.bids.length, 5);
  assert.equal(sink.writes[0]!.ttlSeconds, 60);
  streamer.configure({ depth: 2, ttlSeconds: 5, compression: 'gzip' });
  feed.delta(0, ['98.50', '1'], []);
  await clock.advance(10);
  assert.equal(sink.of('M0')[1]!.bids.length, 2);
  assert.equal(sink.writes[1]!.ttlSeconds, 5);
  assert.equal(sink.writes[1]!.records[0]!.compressed, true);
  await streamer.stop();
});

test('createStreamer refuses invalid initial settings', () => {
  return assert.rejects(rig({ batchIntervalMs: -1 }), /batchIntervalMs/);
});

test('depth overrides are read for the market itself: names like constructor and __proto__ inherit nothing', async () => {
  const { streamer } = await rig({ depth: 7 });
  const overrides = JSON.parse('{"BTC":3,"__proto__":4}') as Record<string, number>; // as a PATCH body arrives
  const r = streamer.configure({ depthOverrides: overrides });
  assert.equal(r.ok, true);
  const s = streamer.settings();
  assert.equal(depthFor(s, 'BTC'), 3);
  assert.equal(depthFor(s, '__proto__'), 4);
  for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']) assert.equal(depthFor(s, name), 7, name);
  assert.deepEqual(Object.keys(s.depthOverrides).sort(), ['BTC', '__proto__']);
  assert.equal(Object.getPrototypeOf(s.depthOverrides), null, 'a null-prototype map');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  await streamer.stop();
});
