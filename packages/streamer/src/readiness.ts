// What "ready" means: books are flowing. The feed is connected, Redis takes writes, and at
// least READY_MIN_BOOK_SHARE of the subscribed markets have their current book in Redis,
// confirmed by Redis (a write or the keeper's EXPIRE acked) within the key's TTL, so surely
// still there. One market the venue never snapshots does not make a pod unready (a restart
// would not help it; the markets table and /metrics show it); a venue that only pings does.
import type { FeedState, Readiness, RedisState } from '@ob/protocol';
import type { MarketState } from './market-state';

/** Share of the subscribed markets that must have their book in Redis. */
export const READY_MIN_BOOK_SHARE = 0.9;

/** Whether the market's book is in Redis now, as written from a trusted book. */
export function bookInRedis(m: MarketState, ttlSeconds: number, now: number): boolean {
  // A market whose writes keep failing is not refreshed by the keeper either, so its confirmation ages past the TTL.
  return m.valid && m.confirmedTs > 0 && now - m.confirmedTs < ttlSeconds * 1000;
}

export function readiness(x: {
  feed: Pick<FeedState, 'status'>; redis: Pick<RedisState, 'status' | 'problem'>;
  markets: readonly MarketState[]; ttlSeconds: number; now: number;
}): Readiness {
  const total = x.markets.length;
  let books = 0;
  for (const m of x.markets) if (bookInRedis(m, x.ttlSeconds, x.now)) books++;
  const needed = Math.max(1, Math.ceil(total * READY_MIN_BOOK_SHARE));
  const reasons: string[] = [];
  if (x.feed.status !== 'connected') reasons.push(`feed is ${x.feed.status}`);
  if (x.redis.status !== 'writable') {
    const p = x.redis.problem;
    reasons.push(p ? `${p.summary} (${p.message}): ${p.fix}` : `redis is ${x.redis.status}`);
  }
  if (books < needed) {
    reasons.push(total === 0 ? 'no markets subscribed' : `${books} of ${total} markets have a book in Redis (ready from ${needed})`);
  }
  return { ready: reasons.length === 0, reasons, booksInRedis: books, markets: total, needed };
}
