// subscribe(): the updates channel says which markets changed; a MarketReader reads them (the
// latest keys, or the change streams). One read runs at a time, over every market named since
// the last one began, so a slow callback coalesces wake-ups instead of queueing them.
import type { Redis } from 'ioredis';
import { openChannel } from './channel';
import { messageOf, ReaderError } from './errors';
import { createStreamReader } from './follow';
import { checkName, checkStreamId, checkSymbol, marketId, splitMarketId, symbolOfKey, type Keys } from './keys';
import { createLatestReader, type MarketReader, type ReadContext } from './latest';
import type { Book, Filter, OnBook, SubscribeOptions, Subscription, SubscriptionStats, UpdateInfo } from './types';

/** After a failed read, the next try comes this much later (or at the next message). */
export const RETRY_MS = 500;
/** The default onError logs one line per error code at most this often. */
export const ERROR_LOG_INTERVAL_MS = 10_000;
/** SCAN batch when a subscription takes every symbol of a venue. */
const SCAN_COUNT = 1_000;

function defaultOnError(): (err: ReaderError) => void {
  const last = new Map<string, number>();
  return (err) => {
    const now = Date.now();
    if (now - (last.get(err.code) ?? -Infinity) < ERROR_LOG_INTERVAL_MS) return;
    last.set(err.code, now);
    console.error(`@ob/reader: ${err.code}: ${err.message}`);
  };
}

interface Checked { venues: string[]; symbols: Set<string>; from: Record<string, string> }

function checkArgs(filter: Filter, onBook: unknown, options: SubscribeOptions): Checked {
  if (typeof filter !== 'object' || filter === null || !Array.isArray(filter.venues) || filter.venues.length === 0) {
    throw new ReaderError('ERR_BAD_OPTION', 'filter.venues must be a non-empty list of venue names, e.g. { venues: ["lighter"] }');
  }
  if (typeof onBook !== 'function') throw new ReaderError('ERR_BAD_OPTION', 'onBook must be a function (book, info) => void');
  if (filter.symbols !== undefined && !Array.isArray(filter.symbols)) throw new ReaderError('ERR_BAD_OPTION', 'filter.symbols must be a list of symbols');
  const venues = [...new Set(filter.venues.map((v) => checkName('a venue', v)))];
  const symbols = new Set((filter.symbols ?? []).map(checkSymbol));
  const from: Record<string, string> = {};
  if (options.from !== undefined) {
    if (!options.stream) throw new ReaderError('ERR_BAD_OPTION', 'options.from needs options.stream: true (cursors are stream entry ids)');
    for (const [id, cursor] of Object.entries(options.from)) {
      const { venue, symbol } = splitMarketId(id);
      if (!id.includes(':') || !venues.includes(venue) || (symbols.size > 0 && !symbols.has(symbol))) {
        throw new ReaderError('ERR_BAD_OPTION', `options.from names "${id}", which is not a "venue:symbol" of this filter`);
      }
      from[marketId(venue, checkSymbol(symbol))] = checkStreamId(`options.from["${id}"]`, cursor);
    }
  }
  return { venues, symbols, from };
}

export async function subscribe(redis: Redis, keys: Keys, filter: Filter, onBook: OnBook, options: SubscribeOptions = {}): Promise<Subscription> {
  const { venues, symbols, from } = checkArgs(filter, onBook, options);
  const report = options.onError ?? defaultOnError();
  const stats: SubscriptionStats = { books: 0, gaps: 0, decodeErrors: 0, redisErrors: 0, callbackErrors: 0, reconnects: 0 };
  const every = symbols.size === 0;
  const known = new Set<string>(Object.keys(from));
  for (const v of venues) for (const s of symbols) known.add(marketId(v, s));
  let closed = false;

  const ctx: ReadContext = {
    redis, keys,
    async deliver(book: Book, info: UpdateInfo) {
      if (closed) return;
      stats.books++;
      try {
        await onBook(book, info);
      } catch (err) {
        stats.callbackErrors++;
        report(new ReaderError('ERR_CALLBACK', `onBook threw for ${info.venue}:${info.symbol}: ${messageOf(err)}`, { cause: err }));
      }
    },
    badValue(err) { stats.decodeErrors++; report(err); },
  };
  const streams = options.stream ? createStreamReader({ ...ctx, onGap: () => { stats.gaps++; } }, from) : undefined;
  const reader: MarketReader = streams ?? createLatestReader(ctx);

  // One read at a time, over everything dirty when it starts; wake-ups meanwhile mark markets dirty.
  const dirty = new Set<string>();
  let running = false;
  let retry: NodeJS.Timeout | undefined;
  const kick = () => {
    if (running || closed || dirty.size === 0) return;
    running = true;
    void (async () => {
      try {
        while (dirty.size > 0 && !closed) {
          const ids = [...dirty];
          dirty.clear();
          try {
            for (const id of await reader.read(ids)) dirty.add(id);
          } catch (err) {
            if (closed) return; // its connection was closed under it
            for (const id of ids) dirty.add(id);
            stats.redisErrors++;
            report(new ReaderError('ERR_REDIS', `reading ${ids.length} market(s): ${messageOf(err)}`, { cause: err }));
            clearTimeout(retry);
            retry = setTimeout(kick, RETRY_MS);
            return;
          }
        }
      } finally {
        running = false;
      }
      kick();
    })();
  };
  const wake = (ids: Iterable<string>) => { for (const id of ids) dirty.add(id); kick(); };

  // Every symbol of the venues: what is in Redis now, then whatever the channel names.
  const discover = async () => {
    if (!every) return;
    for (const venue of venues) {
      for (const kind of streams ? ['book', 'stream'] as const : ['book'] as const) {
        const pattern = kind === 'book' ? keys.bookPattern(venue) : keys.streamPattern(venue);
        const head = pattern.slice(0, -1);
        let cursor = '0';
        do {
          const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
          cursor = next;
          for (const key of found) {
            const symbol = symbolOfKey(key, head);
            if (symbol !== undefined) known.add(marketId(venue, symbol));
          }
        } while (cursor !== '0');
      }
    }
  };

  // Subscribed before the first read, so no write between the two goes unseen.
  const channel = await openChannel({
    redis, keys, venues,
    onSymbols(venue, list) {
      const ids: string[] = [];
      for (const s of list) {
        if (!every && !symbols.has(s)) continue;
        const id = marketId(venue, s);
        known.add(id);
        ids.push(id);
      }
      wake(ids);
    },
    onReconnect() {
      stats.reconnects++;
      streams?.checkAll();
      discover().then(() => wake(known), (err: unknown) => {
        stats.redisErrors++;
        report(new ReaderError('ERR_REDIS', `listing markets after a reconnect: ${messageOf(err)}`, { cause: err }));
        wake(known);
      });
    },
    onError(err) {
      if (err.code === 'ERR_DECODE') stats.decodeErrors++; else stats.redisErrors++;
      report(err);
    },
  });
  try {
    await discover();
  } catch (err) {
    await channel.close();
    throw new ReaderError('ERR_REDIS', `listing the markets of ${venues.join(', ')}: ${messageOf(err)}`, { cause: err });
  }
  if (options.initial !== false || streams) wake(known);

  return {
    cursors: () => reader.cursors(),
    stats: () => ({ ...stats }),
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(retry);
      await channel.close();
    },
  };
}
