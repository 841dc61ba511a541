// Pub/sub subscriptions read the latest key of each market a message names: plain and gzip
// keys in one MGET (after a compression switch both live until the old one's TTL), the newer
// taken, and a write already delivered not delivered again.
import type { Redis } from 'ioredis';
import { decodeBook, newer, sameWrite } from './decode';
import type { ReaderError } from './errors';
import { splitMarketId, type Keys } from './keys';
import type { Book, UpdateInfo } from './types';

/** Markets per MGET (two keys each). */
export const LATEST_BATCH = 200;

export interface ReadContext {
  redis: Redis;
  keys: Keys;
  deliver(book: Book, info: UpdateInfo): Promise<void>;
  /** A value that could not be decoded: counted and reported, the market skipped. */
  badValue(err: ReaderError): void;
}

/** Reads markets; answers those with more to read at once (stream subscriptions reading a backlog). */
export interface MarketReader {
  read(ids: readonly string[]): Promise<string[]>;
  cursors(): Record<string, string>;
}

/** The newer of a market's plain and gzip values, decoded; bad ones reported. */
export function pickBook(ctx: ReadContext, plainKey: string, plain: Buffer | null, gzKey: string, gz: Buffer | null): Book | undefined {
  const decode = (key: string, raw: Buffer | null) => {
    if (raw === null) return undefined;
    try { return { book: decodeBook(raw, key) }; } catch (err) { ctx.badValue(err as ReaderError); return undefined; }
  };
  return newer(decode(plainKey, plain), decode(gzKey, gz))?.book;
}

export function createLatestReader(ctx: ReadContext): MarketReader {
  const delivered = new Map<string, { writtenTs: number; seq: number }>();
  return {
    async read(ids) {
      for (let i = 0; i < ids.length; i += LATEST_BATCH) {
        const part = ids.slice(i, i + LATEST_BATCH).map((id) => ({ id, ...splitMarketId(id) }));
        const keys = part.flatMap(({ venue, symbol }) => [ctx.keys.book(venue, symbol), ctx.keys.bookGz(venue, symbol)]);
        const values = await ctx.redis.mgetBuffer(...keys);
        for (let j = 0; j < part.length; j++) {
          const { id, venue, symbol } = part[j]!;
          const book = pickBook(ctx, keys[2 * j]!, values[2 * j] ?? null, keys[2 * j + 1]!, values[2 * j + 1] ?? null);
          if (!book || sameWrite(book, delivered.get(id))) continue;
          delivered.set(id, { writtenTs: book.writtenTs, seq: book.seq });
          await ctx.deliver(book, { venue, symbol, source: 'key', id: null, depth: 'full', resync: null });
        }
      }
      return [];
    },
    cursors: () => ({}),
  };
}
