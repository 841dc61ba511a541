// Writes a flush to Redis as ONE pipeline: SET key value EX ttl per market (each followed by its
// change-stream XADD when the stream setting is on), then one PUBLISH listing the symbols, so a
// reader can wait for updates instead of polling.
import type { Logger, SinkRecord, SnapshotSink } from './types';
import { silentLog } from './clock';
import { ERROR_LOG_INTERVAL_MS, reconnectDelayMs, REDIS_COMMAND_TIMEOUT_MS, REDIS_CONNECT_TIMEOUT_MS, REDIS_KEEPALIVE_MS } from './redis-limits';
import { bulk, commandHead, RespBuffer } from './resp/encode';
import { RespConnection } from './resp/resp-connection';
import { createXaddEncoder } from './stream-xadd';

/** Key suffix of gzip-compressed values, so a reader can tell without guessing. */
export const GZIP_SUFFIX = ':gz';

export const bookKey = (prefix: string, venue: string, symbol: string, compressed = false) =>
  `${prefix}:book:${venue}:${symbol}${compressed ? GZIP_SUFFIX : ''}`;
export const updatesChannel = (prefix: string, venue: string) => `${prefix}:updates:${venue}`;

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

/** A flush's bytes beyond its values, per record (SET, key, EX, ttl and framing): a first guess, grown when short. */
const RECORD_OVERHEAD_GUESS = 128;
/** A flush buffer up to this size is kept for the next flush; each new one is an external allocation V8 counts towards its next GC. */
const MAX_SPARE_BYTES = 4 << 20;

/**
 * The sink: its own connection (RespConnection), each write() one pipeline of SET key value EX
 * ttl per record and one PUBLISH, encoded into one Buffer (RespBuffer).
 */
export function createRedisSink(opts: { url: string; prefix: string; venue: string; log?: Logger }): SnapshotSink {
  const { prefix, venue } = opts;
  const conn = new RespConnection({
    url: opts.url,
    name: 'orderbook-streamer-sink',
    connectTimeoutMs: REDIS_CONNECT_TIMEOUT_MS,
    commandTimeoutMs: REDIS_COMMAND_TIMEOUT_MS,
    reconnectDelayMs,
    keepAliveMs: REDIS_KEEPALIVE_MS,
    log: opts.log ?? silentLog,
    errorLogIntervalMs: ERROR_LOG_INTERVAL_MS,
  });
  const publishHead = Buffer.from(commandHead(3, 'PUBLISH', updatesChannel(prefix, venue)));
  // "SET <key>" (of five arguments) per symbol and form, encoded once: the keys never change.
  const heads = new Map<string, Buffer>();
  const headOf = (symbol: string, compressed: boolean) => {
    const id = compressed ? symbol + GZIP_SUFFIX : symbol;
    let h = heads.get(id);
    if (h === undefined) { h = Buffer.from(commandHead(5, 'SET', bookKey(prefix, venue, symbol, compressed))); heads.set(id, h); }
    return h;
  };
  const xadd = createXaddEncoder(prefix, venue);
  let tail = Buffer.alloc(0);
  let tailTtl = -1;
  let lastFailed = false;
  let spare: Buffer | undefined;
  // A (re)connection counts as the successful ping of SnapshotSink.status(): without it the
  // status stayed 'down' after Redis came back until some market changed and was written.
  conn.onReady(() => { lastFailed = false; });
  return {
    url: redactUrl(opts.url),
    async write(records: readonly SinkRecord[], ttlSeconds: number) {
      if (records.length === 0) return;
      if (ttlSeconds !== tailTtl) { tail = Buffer.from(bulk('EX') + bulk(String(ttlSeconds))); tailTtl = ttlSeconds; }
      let guess = 1024;
      for (const r of records) guess += r.value.length + RECORD_OVERHEAD_GUESS + (r.stream ? r.stream.value.length + RECORD_OVERHEAD_GUESS : 0);
      const out = new RespBuffer(guess, spare);
      if (out.backing() === spare) spare = undefined; // a concurrent write (split batch) takes a new one
      const symbols: string[] = new Array(records.length);
      let replies = records.length + 1;
      for (let i = 0; i < records.length; i++) {
        const r = records[i]!;
        symbols[i] = r.symbol;
        out.raw(headOf(r.symbol, r.compressed));
        if (typeof r.value === 'string') out.bulkString(r.value);
        else out.bulkBytes(r.value);
        out.raw(tail);
        if (r.stream !== undefined) { xadd.encode(out, r.symbol, r.stream); replies++; }
      }
      out.raw(publishHead);
      out.bulkString(JSON.stringify(symbols));
      try {
        await conn.write(out.bytes(), replies);
        lastFailed = false;
      } catch (err) {
        lastFailed = true;
        throw err;
      } finally {
        // Settled: every byte was answered, or the socket was destroyed with it unsent, so nothing reads it any more.
        if (out.backing().length <= MAX_SPARE_BYTES) spare = out.backing();
      }
    },
    status: () => (!lastFailed && conn.isReady ? 'writable' : 'down'),
    close: () => conn.close(),
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
