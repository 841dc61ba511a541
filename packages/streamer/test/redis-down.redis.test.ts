// The Redis sink on its own against a real redis-server, and the engine (real clock) with Redis
// killed and restarted while the feed never pauses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { commandCounts, startRedis, waitFor, type TestRedis } from '@ob/testkit';
import { createStreamer } from '../src/create-streamer';
import { createRedisSink } from '../src/redis-sink';
import { FakeFeed, marketList } from './fake-feed';

let server: TestRedis;
let reader: Redis;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => { unhandled.push(reason); };

before(async () => {
  process.on('unhandledRejection', onUnhandled);
  server = await startRedis();
  reader = new Redis(server.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
  reader.on('error', () => {}); // connection errors are expected while the server is killed
});
after(async () => {
  process.off('unhandledRejection', onUnhandled);
  reader.disconnect();
  await server.stop();
});

async function calls(name: string): Promise<number> {
  return (await commandCounts(reader))[name] ?? 0;
}

test('one write = SET..EX per record and exactly one PUBLISH of the symbol list', async () => {
  const sink = createRedisSink({ url: server.url, prefix: 'one', venue: 'v' });
  await waitFor(() => sink.status() === 'writable', { message: 'sink connected' });
  const sub = new Redis(server.url);
  const messages: { channel: string; symbols: string[] }[] = [];
  sub.on('message', (channel: string, msg: string) => messages.push({ channel, symbols: JSON.parse(msg) }));
  await sub.subscribe('one:updates:v');
  await reader.config('RESETSTAT');

  await sink.write([
    { symbol: 'A', value: '{"a":1}', compressed: false },
    { symbol: 'B', value: '{"b":2}', compressed: false },
    { symbol: 'C', value: Buffer.from([0x1f, 0x8b, 1, 2]), compressed: true },
  ], 7);
  assert.equal(await reader.get('one:book:v:A'), '{"a":1}');
  assert.equal(await reader.get('one:book:v:B'), '{"b":2}');
  assert.deepEqual(await reader.getBuffer('one:book:v:C:gz'), Buffer.from([0x1f, 0x8b, 1, 2]));
  for (const key of ['one:book:v:A', 'one:book:v:B', 'one:book:v:C:gz']) {
    const ttl = await reader.ttl(key);
    assert.ok(ttl > 0 && ttl <= 7, `${key} ttl ${ttl}`);
  }
  await waitFor(() => messages.length >= 1, { message: 'the PUBLISH' });
  assert.deepEqual(messages, [{ channel: 'one:updates:v', symbols: ['A', 'B', 'C'] }]);
  assert.equal(await calls('set'), 3);
  assert.equal(await calls('publish'), 1);
  assert.equal(sink.status(), 'writable');
  sub.disconnect();
  await sink.close();
});

test('while Redis is down a write is refused; the status comes back with Redis, not with the next write', async () => {
  const sink = createRedisSink({ url: server.url, prefix: 'st', venue: 'v' });
  await waitFor(() => sink.status() === 'writable', { message: 'sink connected' });
  await server.kill();
  await waitFor(() => sink.status() === 'down', { message: 'down once the connection drops' });
  await assert.rejects(sink.write([{ symbol: 'A', value: 'x', compressed: false }], 5));
  await server.restart();
  await waitFor(() => sink.status() === 'writable', { message: 'writable once reconnected' });
  await sink.write([{ symbol: 'A', value: 'y', compressed: false }], 5);
  assert.equal(await reader.get('st:book:v:A'), 'y');
  await sink.close();
});

test('Redis killed and restarted while the feed never pauses: bounded pending, every market ends at its latest book', async () => {
  const n = 12;
  const sink = createRedisSink({ url: server.url, prefix: 'live', venue: 'v' });
  const feed = new FakeFeed(marketList(n), 'v');
  const streamer = createStreamer({ feed, source: 'test', sink, settings: { batchIntervalMs: 20, maxBatchSize: 5 } });
  await streamer.start();
  await waitFor(() => sink.status() === 'writable', { message: 'sink connected' });
  const latest: number[] = [];
  for (let id = 0; id < n; id++) latest[id] = feed.snapshot(id, ['100.00', '1'], ['101.00', '1']);
  await waitFor(() => streamer.stats().totals.snapshots >= n && streamer.stats().pendingMarkets === 0, { message: 'first books' });

  // Only the even markets trade from here on; the odd ones keep their first book.
  let tick = 0;
  const ticker = setInterval(() => {
    tick++;
    for (let id = 0; id < n; id += 2) latest[id] = feed.delta(id, [`99.${tick % 90 + 10}`, String(tick)], []);
  }, 3);
  try {
    await server.kill();
    const errorsAtKill = streamer.stats().totals.redisErrors;
    await waitFor(() => streamer.stats().totals.redisErrors >= errorsAtKill + 3, { message: 'failed writes counted' });
    const down = streamer.stats();
    assert.equal(down.redis.status, 'down');
    assert.ok(down.pendingMarkets > 0 && down.pendingMarkets <= n, `pending ${down.pendingMarkets} of ${n}`);

    await server.restart(); // empty: only what the streamer writes from now on is there
    await waitFor(async () => {
      const seqs = await Promise.all(Array.from({ length: n / 2 }, (_, i) => reader.get(`live:book:v:M${i * 2}`)));
      return seqs.every((s) => s !== null);
    }, { message: 'every trading market written after the restart' });
  } finally {
    clearInterval(ticker);
  }
  await waitFor(async () => {
    for (let id = 0; id < n; id += 2) {
      const text = await reader.get(`live:book:v:M${id}`);
      if (text === null || JSON.parse(text).seq !== latest[id]) return false;
    }
    return true;
  }, { message: 'each trading market holds its latest seq' });
  // Issue 19.1: the quiet markets are rewritten too (Redis is another server now), each with its book.
  await waitFor(async () => {
    for (let id = 1; id < n; id += 2) {
      const text = await reader.get(`live:book:v:M${id}`);
      if (text === null || JSON.parse(text).seq !== latest[id]) return false;
    }
    return true;
  }, { message: 'each quiet market rewritten with its book after the restart' });
  assert.ok(streamer.stats().totals.redisResets >= 1, 'the reset is counted');
  assert.equal(streamer.stats().redis.status, 'writable');
  assert.equal(streamer.stats().pendingMarkets, 0);
  await streamer.stop();
  await sink.close();
  assert.deepEqual(unhandled, []);
});
