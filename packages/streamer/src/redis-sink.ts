// Writes a flush to Redis as ONE pipeline: SET key value EX ttl per market (each followed by its
// change-stream XADD when the stream setting is on); then, once Redis has answered, one PUBLISH
// listing the symbols it took, so a reader can wait for updates instead of polling. Also the
// keeper's EXPIREs (keeper.ts) and the server's identity, so a restarted Redis is refilled.
import { createLogLimiter } from '@ob/core';
import type { Clock, Logger, SinkKey, SinkRecord, SnapshotSink } from './types';
import { silentLog, systemClock } from './clock';
import { ERROR_LOG_INTERVAL_MS, reconnectDelayMs, REDIS_COMMAND_TIMEOUT_MS, REDIS_CONNECT_TIMEOUT_MS, REDIS_KEEPALIVE_MS } from './redis-limits';
import { bulk, commandHead, respCommand, RespBuffer } from './resp/encode';
import { RedisReplyError, RespConnection } from './resp/resp-connection';
import { SinkWriteError } from './sink-error';
import { createSinkHealth } from './sink-health';
import { sinkProblem } from './sink-problem';
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
 * ttl per record (and its XADD), encoded into one Buffer (RespBuffer). The PUBLISH goes out once
 * the replies are in, naming only the records Redis took: a reader is never told of a book that
 * is not there (with Redis refusing every write, nothing is published).
 */
export function createRedisSink(opts: { url: string; prefix: string; venue: string; log?: Logger; clock?: Clock }): SnapshotSink {
  const { prefix, venue } = opts;
  const log = opts.log ?? silentLog;
  const clock = opts.clock ?? systemClock;
  const conn = new RespConnection({
    url: opts.url,
    name: 'orderbook-streamer-sink',
    connectTimeoutMs: REDIS_CONNECT_TIMEOUT_MS,
    commandTimeoutMs: REDIS_COMMAND_TIMEOUT_MS,
    reconnectDelayMs,
    keepAliveMs: REDIS_KEEPALIVE_MS,
    log,
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
  let spare: Buffer | undefined;
  const limited = createLogLimiter(log, clock);
  const serverListeners: ((changed: boolean) => void)[] = [];
  let knownRunId: string | undefined;
  let everReady = false;

  /** Why Redis failed us, said once per kind in a row, rate-limited per kind. */
  const health = createSinkHealth(clock, (p) => {
    // Not answering is logged by the connection already (rate-limited there).
    if (p.code !== 'unreachable') limited('error', `redis:${p.code}`, { redis: redactUrl(opts.url), code: p.code, err: p.message, fix: p.fix }, `${p.summary}: ${p.message}. Fix: ${p.fix}`);
  });
  const fail = (message: string, isReply: boolean) => health.fail({ message, refused: isReply });

  conn.onError((err) => fail(err.message, err instanceof RedisReplyError));
  // A (re)connection counts as the successful ping of SnapshotSink.status(): without it the
  // status stayed 'down' after Redis came back until some market changed and was written.
  // Reply errors (OOM, READONLY) are the server's state, not the connection's: they stay until a write succeeds.
  conn.onReady(() => {
    health.connected();
    const runId = conn.serverRunId;
    // Unknown identity (INFO refused): every reconnection may be another server.
    const changed = everReady && (runId === undefined || runId !== knownRunId);
    everReady = true;
    knownRunId = runId;
    for (const l of serverListeners) l(changed);
  });

  const publish = (symbols: string[]) => {
    const out = new RespBuffer(64 + symbols.length * 16);
    out.raw(publishHead);
    out.bulkString(JSON.stringify(symbols));
    // Not awaited: the books are acked already; a lost announcement only makes readers wait for the next.
    conn.write(out.bytes(), 1).catch((err: Error) => {
      limited('warn', 'redis:publish', { err: err.message }, 'redis: PUBLISH of the written symbols failed (the books are written)');
    });
  };

  return {
    url: redactUrl(opts.url),
    async write(records: readonly SinkRecord[], ttlSeconds: number) {
      if (records.length === 0) return;
      if (ttlSeconds !== tailTtl) { tail = Buffer.from(bulk('EX') + bulk(String(ttlSeconds))); tailTtl = ttlSeconds; }
      let guess = 1024;
      for (const r of records) guess += r.value.length + RECORD_OVERHEAD_GUESS + (r.stream ? r.stream.value.length + RECORD_OVERHEAD_GUESS : 0);
      const out = new RespBuffer(guess, spare);
      if (out.backing() === spare) spare = undefined; // a concurrent write (split batch) takes a new one
      let replies = 0;
      for (const r of records) {
        out.raw(headOf(r.symbol, r.compressed));
        if (typeof r.value === 'string') out.bulkString(r.value);
        else out.bulkBytes(r.value);
        out.raw(tail);
        replies++;
        if (r.stream !== undefined) { xadd.encode(out, r.symbol, r.stream); replies++; }
      }
      let result;
      try {
        result = await conn.exchange(out.bytes(), replies);
      } catch (err) {
        fail((err as Error).message, false);
        throw err;
      } finally {
        // Settled: every byte was answered, or the socket was destroyed with it unsent, so nothing reads it any more.
        if (out.backing().length <= MAX_SPARE_BYTES) spare = out.backing();
      }
      const errors = result.errors;
      if (errors === undefined) {
        health.succeeded();
        publish(records.map((r) => r.symbol));
        return;
      }
      // Replies by position: a record is written when its SET (and its XADD, if any) succeeded.
      const written: string[] = [];
      const failed: number[] = [];
      let firstError = '';
      for (let i = 0, at = 0; i < records.length; i++) {
        const r = records[i]!;
        const e = errors[at] ?? (r.stream !== undefined ? errors[at + 1] : undefined);
        at += r.stream !== undefined ? 2 : 1;
        if (e === undefined) written.push(r.symbol);
        else { failed.push(i); firstError ||= e; }
      }
      fail(firstError, true);
      if (written.length === 0) throw new RedisReplyError(firstError);
      publish(written);
      throw new SinkWriteError(`redis refused ${failed.length} of ${records.length} writes: ${firstError}`, failed, records.length);
    },
    async refresh(keys: readonly SinkKey[], ttlSeconds: number): Promise<boolean[]> {
      if (keys.length === 0) return [];
      const ttl = String(ttlSeconds);
      let text = '';
      for (const k of keys) text += respCommand('EXPIRE', bookKey(prefix, venue, k.symbol, k.compressed), ttl);
      let result;
      try {
        result = await conn.exchange(text, keys.length, { values: true });
      } catch (err) {
        fail((err as Error).message, false);
        throw err;
      }
      const firstError = result.errors?.find((e) => e !== undefined);
      if (firstError !== undefined) { fail(firstError, true); throw new RedisReplyError(firstError); }
      // EXPIRE answers 1 when the key exists (its TTL is set again), 0 when it is gone.
      return keys.map((_, i) => result.values![i] === 1);
    },
    onServer(listener) { serverListeners.push(listener); },
    status: () => (!health.failing && conn.isReady ? 'writable' : 'down'),
    problem: () => (!health.failing && conn.isReady ? undefined : health.problem() ?? (conn.isReady ? undefined : sinkProblem('not connected yet', false, clock.now()))),
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
