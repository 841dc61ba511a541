// The change stream (settings stream, streamMaxLen) against a real redis-server: each write's
// XADD rides the flush's pipeline after its SET, carries the written value (or the top of book
// when it changed), is trimmed near streamMaxLen, and is counted.
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
  reader = new Redis(server.url);
});
after(async () => {
  reader.disconnect();
  await server.stop();
});

interface Engine { feed: FakeFeed; streamer: Streamer; close(): Promise<void> }

async function engine(prefix: string, markets: number, settings: LiveSettingsPatch): Promise<Engine> {
  const sink = createRedisSink({ url: server.url, prefix, venue: 'v' });
  const feed = new FakeFeed(marketList(markets), 'v');
  const streamer = createStreamer({ feed, source: 'test', sink, settings: { batchIntervalMs: 5, ...settings } });
  await streamer.start();
  await waitFor(() => sink.status() === 'writable', { message: 'sink connected' });
  return { feed, streamer, async close() { await streamer.stop(); await sink.close(); } };
}

/** Waits until `n` snapshots in all were acked and nothing is pending. */
const written = (e: Engine, n: number) => waitFor(() => {
  const s = e.streamer.stats();
  return s.totals.snapshots >= n && s.pendingMarkets === 0;
}, { message: `${n} snapshots written`, intervalMs: 2 });

type Entry = [id: string, fields: string[]];

test('off by default: no stream key, no XADD', async () => {
  const e = await engine('off', 1, {});
  await reader.config('RESETSTAT');
  e.feed.snapshot(0, ['9', '1'], ['10', '1']);
  await written(e, 1);
  assert.equal(await reader.exists('off:stream:v:M0'), 0);
  assert.equal((await commandCounts(reader)).xadd ?? 0, 0);
  assert.equal(e.streamer.stats().totals.streamEntries, 0);
  await e.close();
});

test('snapshot mode: one entry per write, holding the value the key was SET to, in write order', async () => {
  const e = await engine('snap', 3, { stream: 'snapshot' });
  await reader.config('RESETSTAT');
  const b = book(100);
  for (let id = 0; id < 3; id++) e.feed.snapshot(id, b.bids, b.asks);
  await written(e, 3);
  for (let r = 1; r <= 4; r++) {
    e.feed.delta(1, [`98.${r}`, '2'], []);
    await written(e, 3 + r);
  }
  const entries = await reader.xrange('snap:stream:v:M1', '-', '+') as Entry[];
  assert.equal(entries.length, 5, 'the snapshot and four deltas');
  const seqs = entries.map(([, f]) => { assert.equal(f[0], 'book'); return JSON.parse(f[1]!).seq as number; });
  assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y), 'entries in write order');
  assert.equal(entries.at(-1)![1][1], await reader.get('snap:book:v:M1'), 'the last entry is the key\'s value');
  const calls = await commandCounts(reader);
  const totals = e.streamer.stats().totals;
  assert.equal(calls.xadd, totals.snapshots, 'an XADD per SET');
  assert.equal(totals.streamEntries, totals.snapshots);
  await e.close();
});

test('top mode: an entry only when best bid or ask changes, holding the book at depth 1', async () => {
  const e = await engine('top', 1, { stream: 'top' });
  const key = 'top:stream:v:M0';
  e.feed.snapshot(0, ['99', '1', '98', '1'], ['101', '1', '102', '1']);
  await written(e, 1);
  e.feed.delta(0, ['98', '5'], []); // below the best bid: the top is unchanged
  await written(e, 2);
  e.feed.delta(0, [], ['101', '3']); // best ask size changes
  await written(e, 3);
  e.feed.delta(0, ['99.5', '1'], []); // new best bid
  await written(e, 4);
  const entries = await reader.xrange(key, '-', '+') as Entry[];
  assert.deepEqual(entries.map(([, f]) => f[0]), ['top', 'top', 'top']);
  const tops = entries.map(([, f]) => JSON.parse(f[1]!) as { bids: string[][]; asks: string[][]; symbol: string });
  assert.deepEqual(tops.map((t) => [t.bids, t.asks]), [
    [[['99', '1']], [['101', '1']]],
    [[['99', '1']], [['101', '3']]],
    [[['99.5', '1']], [['101', '3']]],
  ]);
  assert.equal(tops[0]!.symbol, 'M0');
  assert.equal(e.streamer.stats().totals.streamEntries, 3);
  await e.close();
});

test('gzip: the entry field is book:gz and holds the same bytes as the :gz key', async () => {
  const e = await engine('gzs', 1, { stream: 'snapshot', compression: 'gzip' });
  e.feed.snapshot(0, ['5.5', '1'], ['5.6', '2']);
  await written(e, 1);
  const [[, fields]] = await reader.xrangeBuffer('gzs:stream:v:M0', '-', '+') as unknown as [[Buffer, Buffer[]]];
  assert.equal(fields[0]!.toString(), 'book:gz');
  assert.deepEqual(fields[1], await reader.getBuffer('gzs:book:v:M0:gz'));
  assert.equal(JSON.parse(gunzipSync(fields[1]!).toString()).symbol, 'M0');
  await e.close();
});

test('streamMaxLen trims approximately, and the setting is live', async () => {
  const e = await engine('trim', 1, {});
  e.feed.snapshot(0, ['9', '1'], ['10', '1']);
  await written(e, 1);
  assert.ok(e.streamer.configure({ stream: 'snapshot', streamMaxLen: 100 }).ok);
  const writes = 350;
  for (let i = 1; i <= writes; i++) {
    e.feed.delta(0, [`8.${i}`, '1'], []);
    await written(e, 1 + i);
  }
  const len = await reader.xlen('trim:stream:v:M0');
  assert.ok(len >= 100 && len <= 200, `about 100 entries kept (Redis trims whole nodes): ${len}`);
  assert.equal(e.streamer.stats().totals.streamEntries, writes, 'entries from the change on');
  assert.ok(!e.streamer.configure({ streamMaxLen: 99 }).ok, 'below 100 is refused');
  await e.close();
});
