// subscribe() against a real redis-server fed by hand: pub/sub subscriptions read the keys a
// message names, stream subscriptions every entry after their cursors, and each fault (a bad
// value, a throwing callback, trimming past the cursor, a stream written anew, a Redis restart)
// is counted and survived.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startRedis, waitFor, type TestRedis } from '@ob/testkit';
import { createReader, type Book, type Reader, type ReaderError, type UpdateInfo } from '../src/index';
import { makeBook, VENUE, writeBook } from './writer';

let server: TestRedis;
let redis: Redis;
let reader: Reader;
let prefixes = 0;

before(async () => {
  server = await startRedis();
  redis = new Redis(server.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
  redis.on('error', () => {});
  reader = createReader({ url: server.url, prefix: 'unused' });
});
after(async () => {
  await reader.close();
  redis.disconnect();
  await server.stop();
});

interface Seen { book: Book; info: UpdateInfo }

/** A prefix of its own per test, and a collector of what onBook saw. */
function setup(readerOpts: { prefix?: string } = {}) {
  const prefix = readerOpts.prefix ?? `s${++prefixes}`;
  const r = createReader({ url: server.url, prefix });
  const seen: Seen[] = [];
  const errors: ReaderError[] = [];
  return { prefix, r, seen, errors, onBook: (book: Book, info: UpdateInfo) => { seen.push({ book, info }); }, onError: (e: ReaderError) => { errors.push(e); } };
}

test('pub/sub: the current book first, then each book a message names; other symbols left out', async () => {
  const t = setup();
  await writeBook(redis, t.prefix, makeBook('A', 1));
  const sub = await t.r.subscribe({ venues: [VENUE], symbols: ['A'] }, t.onBook, { onError: t.onError });
  await waitFor(() => t.seen.length === 1, { message: 'the initial book' });
  await writeBook(redis, t.prefix, makeBook('B', 1));
  await writeBook(redis, t.prefix, makeBook('A', 2));
  await waitFor(() => t.seen.length === 2, { message: 'the update' });
  assert.deepEqual(t.seen.map((s) => [s.book.symbol, s.book.seq, s.info.source, s.info.id]), [['A', 1, 'key', null], ['A', 2, 'key', null]]);
  assert.deepEqual(sub.stats(), { books: 2, gaps: 0, decodeErrors: 0, redisErrors: 0, callbackErrors: 0, reconnects: 0 });
  await t.r.close();
});

test('pub/sub, every symbol: the books already there, and symbols that appear later', async () => {
  const t = setup();
  await writeBook(redis, t.prefix, makeBook('A', 1));
  await writeBook(redis, t.prefix, makeBook('B', 1), { gzip: true });
  await t.r.subscribe({ venues: [VENUE] }, t.onBook);
  await waitFor(() => t.seen.length === 2, { message: 'both books' });
  await writeBook(redis, t.prefix, makeBook('NEW', 1));
  await waitFor(() => t.seen.some((s) => s.book.symbol === 'NEW'), { message: 'a new symbol' });
  assert.deepEqual(t.seen.map((s) => s.book.symbol).sort(), ['A', 'B', 'NEW']);
  await t.r.close();
});

test('a bad value, a bad message and a throwing callback are counted, and the next update still comes', async () => {
  const t = setup();
  let calls = 0;
  const sub = await t.r.subscribe({ venues: [VENUE] }, (book, info) => {
    calls++;
    if (book.seq === 1) throw new Error('boom');
    t.onBook(book, info);
  }, { onError: t.onError });
  await writeBook(redis, t.prefix, makeBook('A', 1));
  await redis.set(`${t.prefix}:book:${VENUE}:BAD`, '{"venue":1}');
  await redis.publish(`${t.prefix}:updates:${VENUE}`, '["BAD"]');
  await redis.publish(`${t.prefix}:updates:${VENUE}`, 'not a list');
  await writeBook(redis, t.prefix, makeBook('A', 2));
  await waitFor(() => t.seen.length === 1, { message: 'the book after the faults' });
  assert.equal(t.seen[0]!.book.seq, 2);
  assert.equal(calls, 2);
  const s = sub.stats();
  assert.equal(s.callbackErrors, 1);
  assert.equal(s.decodeErrors, 2, 'the value and the message');
  assert.deepEqual(t.errors.map((e) => e.code).sort(), ['ERR_CALLBACK', 'ERR_DECODE', 'ERR_DECODE']);
  assert.match(t.errors.find((e) => e.code === 'ERR_CALLBACK')!.message, /onBook threw for v:A: boom/);
  await t.r.close();
});

test('stream: from the key at start, then every entry in order, with ids that resume a new subscription', async () => {
  const t = setup();
  await writeBook(redis, t.prefix, makeBook('A', 1), { stream: true });
  const sub = await t.r.subscribe({ venues: [VENUE], symbols: ['A'] }, t.onBook, { stream: true, onError: t.onError });
  await waitFor(() => t.seen.length === 1, { message: 'the book from the key' });
  assert.equal(t.seen[0]!.info.source, 'key');
  assert.equal(t.seen[0]!.info.resync, 'start');
  const ids: string[] = [];
  for (let seq = 2; seq <= 6; seq++) ids.push((await writeBook(redis, t.prefix, makeBook('A', seq), { stream: true }))!);
  await waitFor(() => t.seen.length === 6, { message: 'five entries' });
  assert.deepEqual(t.seen.slice(1).map((s) => [s.book.seq, s.info.source, s.info.id]), ids.map((id, i) => [i + 2, 'stream', id]));
  assert.deepEqual(sub.cursors(), { 'v:A': ids.at(-1) });
  await sub.close();

  // Written while no one listened; a subscription from the saved cursor gets exactly those.
  const missed: string[] = [];
  for (let seq = 7; seq <= 9; seq++) missed.push((await writeBook(redis, t.prefix, makeBook('A', seq), { stream: true }))!);
  const again = setup({ prefix: t.prefix });
  const resumed = await again.r.subscribe({ venues: [VENUE], symbols: ['A'] }, again.onBook, { stream: true, from: { 'v:A': ids.at(-1)! } });
  await waitFor(() => again.seen.length === 3, { message: 'the missed entries' });
  assert.deepEqual(again.seen.map((s) => [s.book.seq, s.info.id]), missed.map((id, i) => [i + 7, id]));
  assert.equal(resumed.stats().gaps, 0);
  await t.r.close();
  await again.r.close();
});

test('stream: trimmed past the cursor is a gap, resynced from the key; so are a deleted and a recreated stream', async () => {
  const t = setup();
  const cursor = (await writeBook(redis, t.prefix, makeBook('A', 1), { stream: true }))!;
  for (let seq = 2; seq <= 400; seq++) await writeBook(redis, t.prefix, makeBook('A', seq), { stream: true, maxLen: 100, publish: false });
  const sub = await t.r.subscribe({ venues: [VENUE], symbols: ['A'] }, t.onBook, { stream: true, from: { 'v:A': cursor }, onError: t.onError });
  await waitFor(() => t.seen.length === 1, { message: 'the resync' });
  assert.deepEqual([t.seen[0]!.info.source, t.seen[0]!.info.resync, t.seen[0]!.book.seq], ['key', 'trimmed', 400]);
  assert.equal(sub.stats().gaps, 1);

  await writeBook(redis, t.prefix, makeBook('A', 401), { stream: true });
  await waitFor(() => t.seen.length === 2, { message: 'following again' });
  assert.deepEqual([t.seen[1]!.info.source, t.seen[1]!.book.seq], ['stream', 401]);
  await sub.close();

  // The same cursor against a stream deleted, then one written anew.
  const saved = sub.cursors()['v:A']!;
  await redis.del(`${t.prefix}:stream:${VENUE}:A`);
  const gone = setup({ prefix: t.prefix });
  const s2 = await gone.r.subscribe({ venues: [VENUE], symbols: ['A'] }, gone.onBook, { stream: true, from: { 'v:A': saved } });
  await waitFor(() => gone.seen.length === 1, { message: 'missing stream resync' });
  assert.equal(gone.seen[0]!.info.resync, 'missing');
  await s2.close();
  await writeBook(redis, t.prefix, makeBook('A', 500), { stream: true, publish: false });
  const fresh = setup({ prefix: t.prefix });
  const s3 = await fresh.r.subscribe({ venues: [VENUE], symbols: ['A'] }, fresh.onBook, { stream: true, from: { 'v:A': saved } });
  await waitFor(() => fresh.seen.length === 1, { message: 'recreated stream resync' });
  assert.deepEqual([fresh.seen[0]!.info.resync, fresh.seen[0]!.book.seq], ['recreated', 500]);
  assert.equal(s3.stats().gaps, 1);
  await Promise.all([t.r.close(), gone.r.close(), fresh.r.close()]);
});

test('stream: a backlog longer than one read comes whole and in order', async () => {
  const t = setup();
  const cursor = (await writeBook(redis, t.prefix, makeBook('A', 1), { stream: true }))!;
  for (let seq = 2; seq <= 350; seq++) await writeBook(redis, t.prefix, makeBook('A', seq), { stream: true, publish: false });
  const sub = await t.r.subscribe({ venues: [VENUE], symbols: ['A'] }, t.onBook, { stream: true, from: { 'v:A': cursor } });
  await waitFor(() => t.seen.length === 349, { message: '349 entries' });
  assert.deepEqual(t.seen.map((s) => s.book.seq), Array.from({ length: 349 }, (_, i) => i + 2));
  assert.equal(sub.stats().gaps, 0);
  await t.r.close();
});

test('Redis restarted empty: the subscription reconnects, counts it, and resyncs its stream', async () => {
  const t = setup();
  await writeBook(redis, t.prefix, makeBook('A', 1), { stream: true });
  const sub = await t.r.subscribe({ venues: [VENUE], symbols: ['A'] }, t.onBook, { stream: true, onError: t.onError });
  await waitFor(() => t.seen.length === 1, { message: 'start' });
  await server.kill();
  await server.restart();
  await waitFor(() => sub.stats().reconnects === 1, { message: 'reconnect counted' });
  await waitFor(async () => (await redis.ping().catch(() => '')) === 'PONG', { message: 'the test client back' });
  await writeBook(redis, t.prefix, makeBook('A', 2), { stream: true });
  await waitFor(() => t.seen.length === 2, { message: 'the book after the restart' });
  // The catch-up read finds the stream gone (then the new entry follows), or already written anew.
  const { book, info } = t.seen[1]!;
  assert.equal(book.seq, 2);
  assert.ok(info.source === 'stream' ? info.resync === null : info.resync === 'recreated', `${info.source} ${info.resync}`);
  assert.equal(sub.stats().gaps, 1);
  await t.r.close();
});

test('stream: a market whose key expired starts from its newest entry', async () => {
  const t = setup();
  await writeBook(redis, t.prefix, makeBook('A', 1), { stream: true });
  const id = await writeBook(redis, t.prefix, makeBook('A', 2), { stream: true });
  await redis.del(`${t.prefix}:book:${VENUE}:A`);
  const sub = await t.r.subscribe({ venues: [VENUE], symbols: ['A'] }, t.onBook, { stream: true });
  await waitFor(() => t.seen.length === 1, { message: 'the newest entry' });
  assert.deepEqual([t.seen[0]!.book.seq, t.seen[0]!.info.source, t.seen[0]!.info.id, t.seen[0]!.info.resync], [2, 'stream', id, 'start']);
  assert.deepEqual(sub.cursors(), { 'v:A': id });
  await t.r.close();
});
