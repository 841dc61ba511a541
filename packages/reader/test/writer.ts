// Writes what the streamer writes (its README's Redis layout) by hand, so the reader's tests can
// shape Redis exactly: a value per key, an entry per stream, a message per flush.
import { gzipSync } from 'node:zlib';
import type { Redis } from 'ioredis';
import type { Book } from '../src/types';

export const VENUE = 'v';

export function makeBook(symbol: string, seq: number, writtenTs = Date.now()): Book {
  return { venue: VENUE, market: 1, symbol, seq, exchangeTs: writtenTs - 2, receivedTs: writtenTs - 1, writtenTs, bids: [[`${100 - seq % 50}`, '1']], asks: [[`${101 + seq % 50}`, '2']] };
}

export interface WriteOptions { gzip?: boolean; stream?: boolean; maxLen?: number; publish?: boolean; ttlMs?: number }

/** SET (+ XADD) one market as one flush would, then PUBLISH; answers the entry id. */
export async function writeBook(redis: Redis, prefix: string, book: Book, o: WriteOptions = {}): Promise<string | null> {
  const json = JSON.stringify(book);
  const key = `${prefix}:book:${book.venue}:${book.symbol}${o.gzip ? ':gz' : ''}`;
  const value = o.gzip ? gzipSync(json) : json;
  const multi = redis.multi().set(key, value, 'PX', o.ttlMs ?? 60_000);
  if (o.stream) {
    const trim = o.maxLen ? ['MAXLEN', '~', String(o.maxLen)] : [];
    multi.xadd(`${prefix}:stream:${book.venue}:${book.symbol}`, ...trim, '*', o.gzip ? 'book:gz' : 'book', value as string);
  }
  if (o.publish !== false) multi.publish(`${prefix}:updates:${book.venue}`, JSON.stringify([book.symbol]));
  const r = await multi.exec();
  return o.stream ? (r![1]![1] as string) : null;
}
