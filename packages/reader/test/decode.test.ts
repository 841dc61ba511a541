import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { decodeBook, MAX_BOOK_BYTES, newer } from '../src/decode';
import { ReaderError } from '../src/errors';
import { decodeEntry } from '../src/entries';
import type { Book } from '../src/types';

const book: Book = { venue: 'lighter', market: 1, symbol: 'BTC', seq: 7, exchangeTs: 1, receivedTs: 2, writtenTs: 3, bids: [['10', '1']], asks: [['11', '2']] };
const json = Buffer.from(JSON.stringify(book));

const decodeError = (fn: () => unknown, pattern: RegExp) => assert.throws(fn, (e: unknown) => e instanceof ReaderError && e.code === 'ERR_DECODE' && pattern.test(e.message));

test('JSON and gzip values decode to the same book, extra fields kept', () => {
  assert.deepEqual(decodeBook(json, 'k'), book);
  assert.deepEqual(decodeBook(gzipSync(json), 'k:gz'), book);
  const extra = decodeBook(Buffer.from(JSON.stringify({ ...book, crossed: true })), 'k') as unknown as { crossed: boolean };
  assert.equal(extra.crossed, true);
});

test('bad values are ERR_DECODE naming the key and the problem', () => {
  decodeError(() => decodeBook(Buffer.from('{"venue":'), 'ob:book:x:Y'), /^ob:book:x:Y: not JSON/);
  decodeError(() => decodeBook(Buffer.from(JSON.stringify({ ...book, crossed: 'yes' })), 'k'), /crossed is present but not true/);
  decodeError(() => decodeBook(Buffer.from([0x1f, 0x8b, 1, 2, 3]), 'k:gz'), /not valid gzip/);
  decodeError(() => decodeBook(Buffer.from('[1]'), 'k'), /not a JSON object/);
  decodeError(() => decodeBook(Buffer.from(JSON.stringify({ ...book, seq: '7' })), 'k'), /seq is not a number/);
  decodeError(() => decodeBook(Buffer.from(JSON.stringify({ ...book, bids: [['10', 1]] })), 'k'), /bids is not a list/);
  decodeError(() => decodeBook(Buffer.from(JSON.stringify({ ...book, asks: [['10']] })), 'k'), /asks is not a list/);
});

test('a gzip value that inflates past MAX_BOOK_BYTES is refused', () => {
  const bomb = gzipSync(Buffer.alloc(MAX_BOOK_BYTES + 1, 0x20));
  decodeError(() => decodeBook(bomb, 'k:gz'), /not valid gzip/);
});

test('newer picks the later write of the plain and gzip keys', () => {
  const a = { book: { ...book, writtenTs: 5 } };
  const b = { book: { ...book, writtenTs: 9 } };
  assert.equal(newer(a, b), b);
  assert.equal(newer(b, a), b);
  assert.equal(newer(undefined, a), a);
  assert.equal(newer(a, undefined), a);
});

test('stream entries: book, book:gz and top fields; anything else is ERR_DECODE', () => {
  assert.deepEqual(decodeEntry([Buffer.from('book'), json], 'e'), { book, depth: 'full' });
  assert.deepEqual(decodeEntry([Buffer.from('book:gz'), gzipSync(json)], 'e'), { book, depth: 'full' });
  assert.deepEqual(decodeEntry([Buffer.from('top'), json], 'e'), { book, depth: 'top' });
  decodeError(() => decodeEntry([Buffer.from('other'), json], 's 1-0'), /^s 1-0: no book, book:gz or top field \(fields: other\)/);
});
