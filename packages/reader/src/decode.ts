// Redis values → Book: gzip recognised by its magic bytes (whatever the key is called), JSON
// parsed, the shape checked. Anything else is a ReaderError('ERR_DECODE') naming the key.
import { gunzipSync } from 'node:zlib';
import { messageOf, ReaderError } from './errors';
import type { Book } from './types';

/** A decompressed value beyond this is refused: a book at depth 1000 is about 60 kB. */
export const MAX_BOOK_BYTES = 16 << 20;

const isGzip = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

const isLevels = (v: unknown) => Array.isArray(v)
  && v.every((l) => Array.isArray(l) && l.length === 2 && typeof l[0] === 'string' && typeof l[1] === 'string');

/** What is wrong with `v` as a Book, or '' when nothing is. */
export function bookProblem(v: unknown): string {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a JSON object';
  const o = v as Record<string, unknown>;
  for (const f of ['venue', 'symbol'] as const) if (typeof o[f] !== 'string') return `${f} is not a string`;
  for (const f of ['market', 'seq', 'exchangeTs', 'receivedTs', 'writtenTs'] as const) {
    if (typeof o[f] !== 'number' || !Number.isFinite(o[f])) return `${f} is not a number`;
  }
  if (!isLevels(o.bids)) return 'bids is not a list of [price, size] strings';
  if (!isLevels(o.asks)) return 'asks is not a list of [price, size] strings';
  if (o.crossed !== undefined && o.crossed !== true) return 'crossed is present but not true';
  return '';
}

/** The Book in `raw` (JSON text or gzip of it); `where` names the key or entry in the error. */
export function decodeBook(raw: Buffer, where: string): Book {
  let text: string;
  try {
    text = (isGzip(raw) ? gunzipSync(raw, { maxOutputLength: MAX_BOOK_BYTES }) : raw).toString('utf8');
  } catch (err) {
    throw new ReaderError('ERR_DECODE', `${where}: not valid gzip (${messageOf(err)})`, { cause: err });
  }
  if (text.length > MAX_BOOK_BYTES) throw new ReaderError('ERR_DECODE', `${where}: value over ${MAX_BOOK_BYTES} bytes`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new ReaderError('ERR_DECODE', `${where}: not JSON (${messageOf(err)})`, { cause: err });
  }
  const problem = bookProblem(v);
  if (problem) throw new ReaderError('ERR_DECODE', `${where}: not a book snapshot: ${problem}`);
  return v as Book;
}

/** Whether `a` is the very same write as `b` (a market read twice). */
export const sameWrite = (a: Book, b: { writtenTs: number; seq: number } | undefined) =>
  b !== undefined && a.writtenTs === b.writtenTs && a.seq === b.seq;

/** Of the plain and the gzip key's books (both live for a TTL after a compression switch), the newer. */
export function newer<T extends { book: Book }>(a: T | undefined, b: T | undefined): T | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.book.writtenTs > a.book.writtenTs ? b : a;
}
