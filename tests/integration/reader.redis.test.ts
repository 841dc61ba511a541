// @ob/reader against a running streamer: the simulator → the Lighter adapter → the streamer
// (change stream on) → a private redis-server, read the way a downstream program would.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { createReader, type Book, type Reader, type UpdateInfo } from '@ob/reader';
import { waitFor } from '@ob/testkit';
import { PREFIX, startPipeline, VENUE, type Pipeline } from '../support/pipeline';

const SYMBOLS = ['BTC', 'ETH'];
const streamKey = (symbol: string) => `${PREFIX}:stream:${VENUE}:${symbol}`;

interface Seen { book: Book; info: UpdateInfo }

async function lastStreamId(p: Pipeline, symbol: string): Promise<string | undefined> {
  const [entry] = await p.reader.xrevrange(streamKey(symbol), '+', '-', 'COUNT', 1);
  return entry?.[0];
}

/** What Redis holds for a market, read raw: the newer of the plain and the gzip key. */
async function stored(p: Pipeline, symbol: string): Promise<Book | undefined> {
  const [plain, gz] = await p.reader.mgetBuffer(p.bookKey(symbol), `${p.bookKey(symbol)}:gz`);
  const books = [plain && JSON.parse(plain.toString()), gz && JSON.parse(gunzipSync(gz).toString())].filter(Boolean) as Book[];
  return books.sort((a, b) => b.writtenTs - a.writtenTs)[0];
}

/** Pauses the simulator and waits until Redis holds its true books of SYMBOLS. */
async function settle(p: Pipeline): Promise<void> {
  p.sim.pause();
  const ids = new Map(p.sim.markets().map((m) => [m.symbol, m.id]));
  await waitFor(async () => {
    for (const s of SYMBOLS) if ((await stored(p, s))?.seq !== p.sim.trueBook(ids.get(s)!).nonce) return false;
    return p.streamer.stats().pendingMarkets === 0;
  }, { message: 'Redis holding the true books' });
}

describe('@ob/reader on a running streamer', () => {
  let p: Pipeline;
  let reader: Reader;

  before(async () => {
    p = await startPipeline({ sim: { rate: 2000 }, settings: { batchIntervalMs: 50, stream: 'snapshot' } });
    reader = createReader({ url: p.redis.url, prefix: PREFIX });
    await waitFor(async () => (await p.reader.exists(...SYMBOLS.map(p.bookKey))) === SYMBOLS.length, { message: 'books written' });
  });
  after(async () => { await reader.close(); await p.close(); });

  it('get() returns the book the streamer wrote, fresh by writtenTs and TTL', async () => {
    p.sim.resume();
    await settle(p);
    const read = await reader.read(VENUE, 'BTC');
    assert.ok(read);
    assert.deepEqual(read.book, JSON.parse((await p.reader.get(p.bookKey('BTC')))!));
    const truth = p.sim.trueBook(read.book.market);
    assert.equal(read.book.seq, truth.nonce);
    assert.deepEqual(read.book.bids, truth.bids.slice(0, 50));
    assert.equal(read.key, p.bookKey('BTC'));
    assert.equal(read.staleness.stale, false);
    assert.ok(read.staleness.ttlMs! > 50_000, `ttl ${read.staleness.ttlMs}`);
  });

  it('pub/sub: every book delivered is one the streamer wrote, and the last is the one in Redis', async () => {
    p.sim.resume();
    const seen: Seen[] = [];
    const sub = await reader.subscribe({ venues: [VENUE], symbols: SYMBOLS }, (book, info) => { seen.push({ book, info }); });
    await waitFor(() => SYMBOLS.every((s) => seen.filter((x) => x.book.symbol === s).length >= 5), { message: 'updates of both' });
    await settle(p);
    for (const s of SYMBOLS) {
      const book = (await stored(p, s))!;
      await waitFor(() => seen.findLast((x) => x.book.symbol === s)?.book.seq === book.seq, { message: `${s} up to date` });
      assert.deepEqual(seen.findLast((x) => x.book.symbol === s)!.book, book);
    }
    assert.ok(seen.every((x) => SYMBOLS.includes(x.book.symbol) && x.info.source === 'key'));
    const seqs = seen.filter((x) => x.book.symbol === 'BTC').map((x) => x.book.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in write order');
    assert.equal(sub.stats().decodeErrors, 0);
    await sub.close();
  });

  it('stream: every entry in order across the reader\'s own restart, none twice, none missing', async () => {
    p.sim.resume();
    const first: Seen[] = [];
    const sub = await reader.subscribe({ venues: [VENUE], symbols: SYMBOLS }, (book, info) => { first.push({ book, info }); }, { stream: true });
    await waitFor(() => SYMBOLS.every((s) => first.filter((x) => x.book.symbol === s && x.info.source === 'stream').length >= 5), { message: 'entries of both' });
    const start = Object.fromEntries(SYMBOLS.map((s) => [s, first.find((x) => x.book.symbol === s)!.info]));
    const saved = sub.cursors();
    await sub.close(); // the reader "crashes"; the streamer writes on meanwhile
    const countAtClose = p.streamer.stats().totals.streamEntries;
    await waitFor(() => p.streamer.stats().totals.streamEntries > countAtClose + 20, { message: 'entries written while the reader is away' });

    const second: Seen[] = [];
    const again = createReader({ url: p.redis.url, prefix: PREFIX });
    const resumed = await again.subscribe({ venues: [VENUE], symbols: SYMBOLS }, (book, info) => { second.push({ book, info }); }, { stream: true, from: saved });
    await settle(p);
    for (const s of SYMBOLS) {
      const last = await lastStreamId(p, s);
      await waitFor(() => resumed.cursors()[`${VENUE}:${s}`] === last, { message: `${s} caught up` });
      assert.equal(start[s]!.source, 'key');
      assert.equal(start[s]!.resync, 'start');
      const all = (await p.reader.xrange(streamKey(s), '(' + start[s]!.id!, '+')).map(([id]) => id);
      const delivered = [...first, ...second].filter((x) => x.book.symbol === s && x.info.source === 'stream').map((x) => x.info.id);
      assert.deepEqual(delivered, all, `${s}: the stream after the first cursor, exactly`);
      const book = (await stored(p, s))!;
      assert.deepEqual(second.findLast((x) => x.book.symbol === s)!.book, book, `${s}: the last entry is the key's book`);
    }
    assert.ok(second.every((x) => x.info.source === 'stream'), 'resumed without a resync');
    assert.equal(resumed.stats().gaps, 0);
    await again.close();
  });

  it('top-of-book streams and gzip values read the same way', async () => {
    p.sim.resume();
    assert.ok(p.streamer.configure({ stream: 'top', compression: 'gzip' }).ok);
    await waitFor(async () => (await p.reader.exists(`${p.bookKey('BTC')}:gz`)) === 1, { message: 'a gzip key' });
    const seen: Seen[] = [];
    const sub = await reader.subscribe({ venues: [VENUE], symbols: ['BTC'] }, (book, info) => { seen.push({ book, info }); }, { stream: true });
    await waitFor(() => seen.filter((x) => x.info.depth === 'top').length >= 3, { message: 'top entries' });
    for (const { book, info } of seen.filter((x) => x.info.source === 'stream')) {
      assert.equal(info.depth, 'top');
      assert.equal(book.bids.length, 1);
      assert.equal(book.asks.length, 1);
    }
    const tops = seen.filter((x) => x.info.depth === 'top').map((x) => JSON.stringify([x.book.bids, x.book.asks]));
    for (let i = 1; i < tops.length; i++) assert.notEqual(tops[i], tops[i - 1], 'an entry only when the top changed');
    await settle(p);
    const read = await reader.read(VENUE, 'BTC');
    assert.equal(read?.compressed, true);
    assert.equal(read?.key, `${p.bookKey('BTC')}:gz`);
    assert.equal(read?.book.seq, p.sim.trueBook(read!.book.market).nonce);
    assert.equal(sub.stats().decodeErrors, 0);
    await sub.close();
  });
});
