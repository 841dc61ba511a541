// Writes a flush to Redis as ONE pipeline: SET key value EX ttl per market, then one PUBLISH
// listing the symbols, so a reader can wait for updates instead of polling.
import { Redis } from 'ioredis';
import type { Logger, SinkRecord, SnapshotSink } from './types';
import { silentLog } from './clock';

/** Key suffix of gzip-compressed values, so a reader can tell without guessing. */
export const GZIP_SUFFIX = ':gz';
/** Reconnect delay cap while Redis is away: books stay pending meanwhile and are written within ~1 s of return. */
export const REDIS_RECONNECT_MAX_MS = 500;
/** A command Redis does not answer (hung server, half-open socket) fails after this instead of holding the flush. */
export const REDIS_COMMAND_TIMEOUT_MS = 5_000;
/** Connecting gives up after this and ioredis retries (backoff capped at REDIS_RECONNECT_MAX_MS). */
export const REDIS_CONNECT_TIMEOUT_MS = 2_000;
/** A connection error is logged at most this often. */
const ERROR_LOG_INTERVAL_MS = 10_000;

export const bookKey = (prefix: string, venue: string, symbol: string, compressed = false) =>
  `${prefix}:book:${venue}:${symbol}${compressed ? GZIP_SUFFIX : ''}`;
export const updatesChannel = (prefix: string, venue: string) => `${prefix}:updates:${venue}`;

/**
 * An ioredis client for the sink. No offline queue: while Redis is down a write fails at once
 * and the streamer keeps those markets pending (bounded by the market count), instead of
 * ioredis queueing every flush in memory and replaying stale books later. A command sent
 * just before a disconnect is retried at most once (maxRetriesPerRequest), then fails, and the
 * streamer writes the newer book anyway.
 */
export function createRedisClient(url: string, log: Logger = silentLog): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(50 * attempt, REDIS_RECONNECT_MAX_MS),
    connectionName: 'orderbook-streamer',
    keepAlive: 10_000,
  });
  let lastLog = 0;
  redis.on('error', (err: Error) => {
    const now = Date.now();
    if (now - lastLog < ERROR_LOG_INTERVAL_MS) return;
    lastLog = now;
    log.warn({ err: err.message }, 'redis connection error (retrying)');
  });
  return redis;
}

/** Redis URL without credentials, for operators' eyes. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    if (u.username) u.username = '';
    return u.toString();
  } catch {
    return 'redis://(unparsable url)';
  }
}

export function createRedisSink(opts: { redis: Redis; prefix: string; venue: string; url?: string; log?: Logger }): SnapshotSink {
  const { redis, prefix, venue } = opts;
  const channel = updatesChannel(prefix, venue);
  let lastFailed = false;
  // A (re)connected client counts as the successful ping of SnapshotSink.status(): without it the
  // status stayed 'down' after Redis came back until some market changed and was written.
  redis.on('ready', () => { lastFailed = false; });
  return {
    url: redactUrl(opts.url ?? `redis://${redis.options.host}:${redis.options.port}/${redis.options.db ?? 0}`),
    async write(records: readonly SinkRecord[], ttlSeconds: number) {
      if (records.length === 0) return;
      const pipe = redis.pipeline();
      const symbols: string[] = new Array(records.length);
      for (let i = 0; i < records.length; i++) {
        const r = records[i]!;
        symbols[i] = r.symbol;
        pipe.set(bookKey(prefix, venue, r.symbol, r.compressed), r.value, 'EX', ttlSeconds);
      }
      pipe.publish(channel, JSON.stringify(symbols));
      try {
        const results = await pipe.exec();
        const failed = results?.find(([err]) => err);
        if (!results || failed) throw failed?.[0] ?? new Error('pipeline returned nothing');
        lastFailed = false;
      } catch (err) {
        lastFailed = true;
        throw err;
      }
    },
    status: () => (!lastFailed && redis.status === 'ready' ? 'writable' : 'down'),
    async close() {
      try { await redis.quit(); } catch { redis.disconnect(); }
    },
  };
}

/** For running without Redis: accepts and drops every write, and says so in its status. */
export function createNullSink(): SnapshotSink {
  return {
    url: '',
    write: async () => {},
    status: () => 'disabled',
    close: async () => {},
  };
}
