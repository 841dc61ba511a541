// The engine against a real redis-server: layout, TTL, one PUBLISH per pipeline, gzip, and
// Redis dying and coming back while the feed keeps going.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { Redis } from 'ioredis';
import type { LiveSettingsPatch } from '@ob/protocol';
import { commandCounts, startRedis, waitFor, type TestRedis } from '@ob/testkit';
import { createStreamer } from '../src/create-streamer';
import { createRedisSink } from '../src/redis-sink';
import type { Streamer } from '../src/types';
import { book, FakeFeed, marketList } from './fake-feed';

let server: TestRedis;
let reader: Redis;

before(async () => {
  server = await startRedis();
  reader = new Redis(server.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
  reader.on('error', () => {}); // the kill test expects connection errors
});
after(async () => {
  reader.disconnect();
  await server.stop();
});

interface Engine { feed: FakeFeed; streamer: Streamer; close(): Promise<void> }

async function engine(prefix: string, markets: number, settings: LiveSettingsPatch): Promise<Engine> {
  const sink = createRedisSink({ url: server.url, prefix, venue: 'testvenue' });
  const feed = new FakeFeed(marketList(markets));
  const streamer = createStreamer({ feed, source: 'test', sink, settings });
  await streamer.start();
  await waitFor(() => sink.status() === 'writable', { message: 'sink connected' });
  return { feed, streamer, async close() { await streamer.stop(); await sink.close(); } };
}

async function commandCalls(name: string): Promise<number> {
  return (await commandCounts(reader))[name] ?? 0;
}

test('snapshots land with the exact JSON layout and a TTL', async () => {
  const e = await engine('layout', 2, { batchIntervalMs: 20, ttlSeconds: 30, depth: 3 });
  const seq = e.feed.snapshot(1, ['100.5', '0.10', '100.4', '2', '100.3', '1', '100.2', '9'], ['100.6', '0.5'], 77);
  const key = 'layout:book:testvenue:M1';
  const text = await waitFor(() => reader.get(key), { message: key });
  assert.match(text, /^\{"venue":"testvenue","market":1,"symbol":"M1","seq":77,"exchangeTs":\d+,"receivedTs":\d+,"writtenTs":\d+,"bids":\[\["100.5","0.10"\],\["100.4","2"\],\["100.3","1"\]\],"asks":\[\["100.6","0.5"\]\]\}$/);
  assert.equal(JSON.parse(text).seq, seq);
  const ttl = await reader.ttl(key);
  assert.ok(ttl > 0 && ttl <= 30, `ttl ${ttl}`);
  assert.equal(await reader.exists('layout:book:testvenue:M0'), 0, 'a market without a book is not written');
  await e.close();
});

test('one PUBLISH per pipeline with the symbols written; SETs = snapshots', async () => {
  const e = await engine('pub', 45, { batchIntervalMs: 30 });
  const sub = new Redis(server.url);
  const published: string[][] = [];
  sub.on('message', (_ch, msg) => published.push(JSON.parse(msg) as string[]));
  await sub.subscribe('pub:updates:testvenue');
  await reader.config('RESETSTAT');
  const rounds = 4;
  const b = book(100);
  for (let r = 0; r < rounds; r++) {
    for (let id = 0; id < 45; id++) {
      if (r === 0) e.feed.snapshot(id, b.bids, b.asks);
      else e.feed.delta(id, [`98.${r}0`, '1'], []);
    }
    await waitFor(() => e.streamer.stats().totals.snapshots === 45 * (r + 1) && e.streamer.stats().pendingMarkets === 0,
      { message: `round ${r} written` });
  }
  const totals = e.streamer.stats().totals;
  await waitFor(() => published.length >= totals.pipelines, { message: 'every publish received' });
  // 45 markets changed at once, maxBatchSize 50: exactly one pipeline per round.
  assert.equal(totals.pipelines, rounds);
  assert.equal(published.length, rounds);
  for (const list of published) assert.deepEqual([...list].sort(), marketList(45).map((m) => m.symbol).sort());
  assert.equal(await commandCalls('set'), 45 * rounds);
  assert.equal(await commandCalls('publish'), rounds);
  sub.disconnect();
  await e.close();
});

test('gzip mode: the ":gz" key holds gzip of the same JSON', async () => {
  const e = await engine('gz', 1, { batchIntervalMs: 20, compression: 'gzip' });
  e.feed.snapshot(0, ['5.5', '1'], ['5.6', '2']);
  const buf = await waitFor(() => reader.getBuffer('gz:book:testvenue:M0:gz'), { message: 'gz key' });
  const json = JSON.parse(gunzipSync(buf).toString('utf8'));
  assert.equal(json.symbol, 'M0');
  assert.deepEqual(json.bids, [['5.5', '1']]);
  assert.deepEqual(json.asks, [['5.6', '2']]);
  assert.equal(await reader.exists('gz:book:testvenue:M0'), 0, 'no plain key in gzip mode');
  await e.close();
});

test('Redis killed while events keep coming: errors counted, then every changed market written after restart', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (r: unknown) => unhandled.push(r);
  process.on('unhandledRejection', onUnhandled);
  const n = 5;
  const e = await engine('kill', n, { batchIntervalMs: 20 });
  const b = book(100);
  for (let id = 0; id < n; id++) e.feed.snapshot(id, b.bids, b.asks);
  await waitFor(() => e.streamer.stats().totals.snapshots >= n, { message: 'first books written' });

  await server.kill();
  let tick = 0;
  const ticker = setInterval(() => { tick++; for (let id = 0; id < n; id++) e.feed.delta(id, [`97.${tick % 100}`, '1'], []); }, 5);
  try {
    await waitFor(() => e.streamer.stats().totals.redisErrors >= 3, { message: 'redis errors counted' });
    assert.equal(e.streamer.stats().redis.status, 'down');
  } finally {
    clearInterval(ticker);
  }
  const last = e.streamer.markets().map((m) => m.seq);
  await server.restart();
  for (let id = 0; id < n; id++) {
    const key = `kill:book:testvenue:M${id}`;
    const text = await waitFor(() => reader.get(key), { message: `${key} after restart` });
    assert.equal(JSON.parse(text).seq, last[id], `M${id} holds its newest book`);
  }
  await waitFor(() => e.streamer.stats().redis.status === 'writable', { message: 'sink writable again' });
  assert.equal(e.streamer.stats().pendingMarkets, 0);
  process.off('unhandledRejection', onUnhandled);
  assert.deepEqual(unhandled, []);
  await e.close();
});
