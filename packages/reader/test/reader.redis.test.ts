// get() and read() against a real redis-server holding values written by hand.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startRedis, type TestRedis } from '@ob/testkit';
import { createReader, type Reader } from '../src/index';
import { ReaderError } from '../src/errors';
import { makeBook, VENUE, writeBook } from './writer';

let server: TestRedis;
let redis: Redis;
let reader: Reader;

before(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
  reader = createReader({ url: server.url, prefix: 'r' });
});
after(async () => {
  await reader.close();
  redis.disconnect();
  await server.stop();
});

test('get: the plain JSON book, a gzip one, null when there is none', async () => {
  const plain = makeBook('A', 1);
  await writeBook(redis, 'r', plain);
  assert.deepEqual(await reader.get(VENUE, 'A'), plain);
  const gz = makeBook('B', 2);
  await writeBook(redis, 'r', gz, { gzip: true });
  const read = await reader.read(VENUE, 'B');
  assert.deepEqual(read?.book, gz);
  assert.equal(read?.key, 'r:book:v:B:gz');
  assert.equal(read?.compressed, true);
  assert.equal(await reader.get(VENUE, 'NONE'), null);
});

test('after a compression switch both keys live: the newer write wins', async () => {
  await writeBook(redis, 'r', makeBook('C', 1, 1_000), { gzip: true });
  await writeBook(redis, 'r', makeBook('C', 2, 2_000));
  assert.equal((await reader.get(VENUE, 'C'))?.seq, 2);
  await writeBook(redis, 'r', makeBook('C', 3, 3_000), { gzip: true });
  const read = await reader.read(VENUE, 'C');
  assert.equal(read?.book.seq, 3);
  assert.equal(read?.compressed, true);
});

test('staleness: fresh, old by writtenTs, and expiring by the key\'s TTL', async () => {
  await writeBook(redis, 'r', makeBook('D', 1), { ttlMs: 60_000 });
  const fresh = (await reader.read(VENUE, 'D'))!.staleness;
  assert.equal(fresh.stale, false);
  assert.ok(fresh.ttlMs! > 50_000 && fresh.ttlMs! <= 60_000, `ttl ${fresh.ttlMs}`);
  await writeBook(redis, 'r', makeBook('E', 1, Date.now() - 60_000), { ttlMs: 400 });
  const old = (await reader.read(VENUE, 'E'))!.staleness;
  assert.deepEqual(old.reasons, ['age', 'expiring']);
  assert.ok(old.ageMs >= 60_000);
  await writeBook(redis, 'r', makeBook('F', 1, Date.now() - 50));
  const strict = createReader({ redis, prefix: 'r', maxAgeMs: 10, minTtlMs: 0 });
  assert.deepEqual((await strict.read(VENUE, 'F'))!.staleness.reasons, ['age'], 'the reader\'s own limits');
  assert.deepEqual((await reader.read(VENUE, 'F'))!.staleness.reasons, [], 'the default limits');
  await strict.close();
  assert.equal(redis.status, 'ready', 'a reader given a client does not close it');
});

test('a value that is not a book is ERR_DECODE naming the key', async () => {
  await redis.set('r:book:v:BAD', 'not json');
  await assert.rejects(reader.get(VENUE, 'BAD'), (e: unknown) => e instanceof ReaderError && e.code === 'ERR_DECODE' && e.message.startsWith('r:book:v:BAD: not JSON'));
});

test('bad options and arguments are ERR_BAD_OPTION, said at once', async () => {
  const bad = (fn: () => unknown, pattern: RegExp) => assert.throws(fn, (e: unknown) => e instanceof ReaderError && e.code === 'ERR_BAD_OPTION' && pattern.test(e.message));
  bad(() => createReader({ url: 'http://x' }), /url must start with redis:\/\//);
  bad(() => createReader({ url: server.url, redis }), /url or redis, not both/);
  bad(() => createReader({ prefix: 'a:b', redis }), /^prefix must be/);
  bad(() => createReader({ maxAgeMs: -1, redis }), /^maxAgeMs must be a number of ms >= 0/);
  await assert.rejects(reader.get('no venue', 'A'), (e: unknown) => e instanceof ReaderError && e.code === 'ERR_BAD_OPTION');
  await assert.rejects(reader.subscribe({ venues: [] }, () => {}), /filter.venues must be a non-empty list/);
  await assert.rejects(reader.subscribe({ venues: [VENUE] }, () => {}, { from: { 'v:A': '1-0' } }), /options.from needs options.stream: true/);
  await assert.rejects(reader.subscribe({ venues: [VENUE], symbols: ['A'] }, () => {}, { stream: true, from: { 'v:B': '1-0' } }), /not a "venue:symbol" of this filter/);
  await assert.rejects(reader.subscribe({ venues: [VENUE] }, () => {}, { stream: true, from: { 'v:A': 'latest' } }), /must be a stream entry id/);
});

test('a closed reader refuses with ERR_CLOSED', async () => {
  const r = createReader({ url: server.url, prefix: 'r' });
  await r.close();
  await assert.rejects(r.get(VENUE, 'A'), (e: unknown) => e instanceof ReaderError && e.code === 'ERR_CLOSED');
});
