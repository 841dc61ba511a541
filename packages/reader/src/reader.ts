// createReader(): one command connection (yours or its own), get()/read() for the latest book
// of a market, subscribe() for updates (each subscription has its own pub/sub connection).
import { Redis } from 'ioredis';
import { messageOf, ReaderError } from './errors';
import { checkName, checkSymbol, keysFor, type Keys } from './keys';
import { decodeBook, newer } from './decode';
import { DEFAULT_MAX_AGE_MS, DEFAULT_MIN_TTL_MS, staleness } from './staleness';
import { subscribe } from './subscription';
import type { Book, BookRead, Filter, OnBook, StalenessLimits, SubscribeOptions, Subscription } from './types';

export interface ReaderOptions {
  /** redis://[user:password@]host:port[/db], or rediss:// for TLS. Default redis://127.0.0.1:6379. Not with `redis`. */
  url?: string;
  /** An ioredis client of yours to read with (the reader duplicates it for pub/sub and never closes it). Not with `url`. */
  redis?: Redis;
  /** The streamer's key prefix (its PREFIX setting). Default "ob". */
  prefix?: string;
  /** Staleness thresholds for read(). */
  maxAgeMs?: number;
  minTtlMs?: number;
}

export interface Reader {
  /** The latest book of a market, or null when Redis has none (not written yet, or expired). */
  get(venue: string, symbol: string): Promise<Book | null>;
  /** The latest book with its key, encoding and staleness (TTL included), or null. */
  read(venue: string, symbol: string): Promise<BookRead | null>;
  /** Calls onBook for each update of the filter's markets until the subscription is closed. */
  subscribe(filter: Filter, onBook: OnBook, options?: SubscribeOptions): Promise<Subscription>;
  /** Closes every subscription, and the connection the reader opened (not one you passed in). */
  close(): Promise<void>;
}

function checkMs(what: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ReaderError('ERR_BAD_OPTION', `${what} must be a number of ms >= 0 (got ${JSON.stringify(v)})`);
  return v;
}

export function createReader(options: ReaderOptions = {}): Reader {
  if (options.url !== undefined && options.redis !== undefined) throw new ReaderError('ERR_BAD_OPTION', 'give url or redis, not both');
  if (options.url !== undefined && (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url))) {
    throw new ReaderError('ERR_BAD_OPTION', `url must start with redis:// or rediss:// (got ${JSON.stringify(options.url)})`);
  }
  const keys: Keys = keysFor(checkName('prefix', options.prefix ?? 'ob'));
  const limits: StalenessLimits = {
    maxAgeMs: checkMs('maxAgeMs', options.maxAgeMs, DEFAULT_MAX_AGE_MS),
    minTtlMs: checkMs('minTtlMs', options.minTtlMs, DEFAULT_MIN_TTL_MS),
  };
  const owned = options.redis === undefined;
  const redis = options.redis ?? new Redis(options.url ?? 'redis://127.0.0.1:6379');
  if (owned) redis.on('error', () => {}); // ioredis retries; a failed command says what went wrong
  const subs = new Set<Subscription>();
  let closed = false;
  const open = () => { if (closed) throw new ReaderError('ERR_CLOSED', 'this reader was closed'); };

  async function read(venue: string, symbol: string): Promise<BookRead | null> {
    open();
    const plain = keys.book(checkName('venue', venue), checkSymbol(symbol));
    const gz = keys.bookGz(venue, symbol);
    let r: [Error | null, unknown][] | null;
    try {
      r = await redis.multi().getBuffer(plain).pttl(plain).getBuffer(gz).pttl(gz).exec();
    } catch (err) {
      throw new ReaderError('ERR_REDIS', `reading ${plain}: ${messageOf(err)}`, { cause: err });
    }
    const failed = r?.find(([err]) => err);
    if (!r || failed) throw new ReaderError('ERR_REDIS', `reading ${plain}: ${failed ? messageOf(failed[0]) : 'MULTI aborted'}`);
    let bad: unknown;
    const decoded = (key: string, i: number, compressed: boolean) => {
      const raw = r![i]![1] as Buffer | null;
      if (raw === null) return undefined;
      try { return { book: decodeBook(raw, key), key, compressed, ttlMs: r![i + 1]![1] as number }; } catch (err) { bad ??= err; return undefined; }
    };
    const found = newer(decoded(plain, 0, false), decoded(gz, 2, true));
    if (!found) {
      if (bad) throw bad;
      return null;
    }
    return { book: found.book, key: found.key, compressed: found.compressed, staleness: staleness(found.book, found.ttlMs, limits) };
  }

  return {
    read,
    async get(venue, symbol) { return (await read(venue, symbol))?.book ?? null; },
    async subscribe(filter, onBook, opts) {
      open();
      const sub = await subscribe(redis, keys, filter, onBook, opts);
      subs.add(sub);
      return {
        cursors: sub.cursors,
        stats: sub.stats,
        async close() { subs.delete(sub); await sub.close(); },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...subs].map((s) => s.close()));
      subs.clear();
      if (owned) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
