// Issue 19.1 on a real redis-server: a valid book that does not change stays in Redis past its
// TTL (the keeper's EXPIRE), a key that vanishes (FLUSHALL) is rewritten, a ttlSeconds change
// reaches the keys at once, and a stopped streamer's books still expire.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { commandCounts, startRedis, waitFor, type TestRedis } from '@ob/testkit';
import { createStreamer } from '../src/create-streamer';
import { createRedisSink } from '../src/redis-sink';
import { FakeFeed, marketList } from './fake-feed';

let server: TestRedis;
let reader: Redis;
before(async () => { server = await startRedis(); reader = new Redis(server.url); });
after(async () => { reader.disconnect(); await server.stop(); });

async function quietStreamer(prefix: string, ttlSeconds: number, n = 6) {
  const sink = createRedisSink({ url: server.url, prefix, venue: 'v' });
  const feed = new FakeFeed(marketList(n), 'v');
  const streamer = createStreamer({ feed, source: 'test', sink, settings: { ttlSeconds, batchIntervalMs: 10 } });
  await streamer.start();
  await waitFor(() => sink.status() === 'writable', { message: 'sink connected' });
  for (let id = 0; id < n; id++) feed.snapshot(id, ['100.00', '1'], ['101.00', '1']);
  await waitFor(() => streamer.stats().totals.snapshots >= n, { message: 'first books written' });
  const keys = Array.from({ length: n }, (_, i) => `${prefix}:book:v:M${i}`);
  return { sink, feed, streamer, keys, stop: async () => { await streamer.stop(); await sink.close(); } };
}

const present = async (keys: string[]) => (await Promise.all(keys.map((k) => reader.exists(k)))).every((x) => x === 1);

test('a book that does not change stays in Redis well past its TTL, refreshed by EXPIRE, never rewritten', async () => {
  const s = await quietStreamer('quiet', 1);
  const writesAtStart = s.streamer.stats().totals.snapshots;
  const setsAtStart = (await commandCounts(reader)).set ?? 0;
  const until = Date.now() + 4_000; // four TTLs without a change
  await waitFor(async () => {
    assert.ok(await present(s.keys), 'every quiet book is in Redis at every look');
    return Date.now() > until;
  }, { timeoutMs: 30_000, intervalMs: 100, message: 'four TTLs passed' });
  const totals = s.streamer.stats().totals;
  assert.equal(totals.snapshots, writesAtStart, 'nothing rewritten: the books did not change');
  assert.equal((await commandCounts(reader)).set ?? 0, setsAtStart, 'no SET at Redis either');
  assert.ok(totals.keyRefreshes >= s.keys.length * 3, `refreshed by EXPIRE (${totals.keyRefreshes})`);
  assert.ok((await commandCounts(reader)).expire! >= s.keys.length * 3, 'Redis counted the EXPIREs');
  // The TTL still runs: once the streamer is gone, the keys vanish.
  await s.stop();
  await waitFor(async () => (await Promise.all(s.keys.map((k) => reader.exists(k)))).every((x) => x === 0),
    { timeoutMs: 15_000, message: 'a stopped streamer\'s books expire' });
});

test('keys that vanish (FLUSHALL) are rewritten with their books, and the reset is announced', async () => {
  const s = await quietStreamer('flushed', 3);
  const resets: string[] = [];
  s.streamer.onRedisReset((why) => resets.push(why));
  const before = await reader.get(s.keys[0]!);
  await reader.flushall();
  await waitFor(() => present(s.keys), { timeoutMs: 15_000, message: 'every book back after FLUSHALL' });
  const after = JSON.parse((await reader.get(s.keys[0]!))!);
  assert.equal(after.seq, JSON.parse(before!).seq, 'the same book, rewritten');
  assert.ok(s.streamer.stats().totals.keysRewritten >= s.keys.length);
  await waitFor(() => resets.length > 0, { message: 'listeners told (the server re-persists its config on it)' });
  assert.match(resets[0]!, /keys were gone/);
  await s.stop();
});

test('a shorter ttlSeconds reaches the quiet keys at once, not at their next change', async () => {
  const s = await quietStreamer('ttlchange', 60, 3);
  assert.ok((await reader.ttl(s.keys[0]!)) > 30);
  assert.equal(s.streamer.configure({ ttlSeconds: 5 }).ok, true);
  await waitFor(async () => (await Promise.all(s.keys.map((k) => reader.ttl(k)))).every((t) => t > 0 && t <= 5),
    { message: 'every key carries the new TTL' });
  await s.stop();
});
