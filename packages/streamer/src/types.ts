// The engine's public shape. apps/server builds one with createStreamer() and only uses this.
import type { Clock, FeedSource, Logger, Ticker } from '@ob/core';
import type {
  BookSnapshot, FieldError, LiveSettings, LiveSettingsPatch, MarketStats, SinkProblem, StatsSnapshot,
} from '@ob/protocol';
import type { HistogramReading } from './stats/histogram';

/** Time and timers (a fake clock in tests) and a pino-style logger: shared with the feeds. */
export type { Clock, Logger } from '@ob/core';

/** One market's snapshot ready for the sink. */
export interface SinkRecord {
  symbol: string;
  /**
   * Serialized snapshot: its JSON as UTF-8 bytes (SnapshotEncoder), gzip bytes when compression
   * is on; text from other writers. The bytes are the market's own buffers, reused by its later
   * writes: the last acked value of a key stays intact until a newer write of it is issued, and
   * a sink that keeps values longer (a log of every write) copies them.
   */
  value: string | Buffer;
  compressed: boolean;
  /** The change-stream entry written after the SET (the stream setting), if any. */
  stream?: StreamEntry;
}

/** One XADD to the market's change stream: `field value`, the stream trimmed to about maxLen. */
export interface StreamEntry {
  field: string;
  value: string | Buffer;
  maxLen: number;
  /** Top of book the entry carries (its levels JSON), for top-mode change detection; '' otherwise. */
  top: string;
}

/** A market's book key in the form it was last written (gzip keys carry ":gz"). */
export interface SinkKey {
  symbol: string;
  compressed: boolean;
}

/**
 * Where flushed snapshots go. One write() = one Redis pipeline (SET..EX, and an XADD when
 * streamed, per record), then one PUBLISH naming only the records Redis took. A write of which
 * only some records landed rejects with a SinkWriteError naming the failed ones; any other
 * rejection means none landed.
 */
export interface SnapshotSink {
  readonly url: string;
  write(records: readonly SinkRecord[], ttlSeconds: number): Promise<void>;
  /**
   * The keeper (keeper.ts): sets each key's expiry to ttlSeconds again (EXPIRE), so a valid book
   * that does not change stays in Redis; resolves true where the key still existed, false where
   * it is gone (the streamer then rewrites that book). Optional: without it, the keeper rewrites.
   */
  refresh?(keys: readonly SinkKey[], ttlSeconds: number): Promise<boolean[]>;
  /**
   * Called after each (re)connection: `changed` when it reached a different Redis than before
   * (another run_id: a restart or a failover), after which the streamer rewrites every valid book
   * and listeners of Streamer.onRedisReset re-persist what else they keep there. Optional.
   */
  onServer?(listener: (changed: boolean) => void): void;
  /** writable: last write (or ping) succeeded; down: failing; disabled: no Redis at all. */
  status(): 'writable' | 'down' | 'disabled';
  /** Why it is down (a wrong password, a replica, OOM, ...), with the fix; undefined when writable. Optional. */
  problem?(): SinkProblem | undefined;
  close(): Promise<void>;
}

export type ConfigureResult =
  | { ok: true; settings: LiveSettings; changed: string[] }
  | { ok: false; errors: FieldError[] };

export interface StreamerDeps {
  feed: FeedSource;
  /** The source's name for operators ("simulator", "lighter"). */
  source: string;
  sink: SnapshotSink;
  settings?: LiveSettingsPatch;
  clock?: Clock;
  /**
   * The timer the flushes share with the feed's sockets, whose read delay the streamer sets from
   * batchIntervalMs (read-delay.ts); on `clock`. Default: the process's ticker with the system
   * clock, a private one with any other clock.
   */
  ticker?: Ticker;
  log?: Logger;
}

export interface Streamer {
  /** The venue of its feed: its keys are {prefix}:book:{venue}:{symbol}. */
  readonly venue: string;
  start(): Promise<void>;
  /**
   * Stops the feed, flushes everything pending and waits (bounded) for Redis to ack it.
   * `unwritten`: markets whose last state Redis did not ack (down, or too slow): 0 when all is in.
   */
  stop(): Promise<{ unwritten: number }>;
  /** Validates the whole patch (schema + cross-field rules) and applies all of it or none. */
  configure(patch: unknown): ConfigureResult;
  settings(): LiveSettings;
  stats(historySeconds?: number): StatsSnapshot;
  /**
   * Staleness of every write since start, as bucket counts (stats/histogram.ts): diff two
   * readings with histogramWindow() for percentiles over that window.
   */
  stalenessHistogram(): HistogramReading;
  markets(): MarketStats[];
  /** The in-memory book, cut at depth; undefined for an unknown symbol. */
  book(symbol: string, depth: number): BookSnapshot | undefined;
  /**
   * The market's last snapshot Redis acked, cut at depth: what a reader of Redis saw. Undefined
   * before the first write, or when depth is more than it was written with.
   */
  writtenBook(symbol: string, depth: number): BookSnapshot | undefined;
  /** Called after each flush is acked, with the symbols written (the server pushes book frames on it). */
  onFlush(listener: (symbols: readonly string[]) => void): () => void;
  /**
   * Called when Redis may have lost what the streamer keeps there: it reconnected to another
   * server (restart, failover) or the keeper found book keys gone. Every valid book is being
   * rewritten; the listener re-persists the rest (the server: {prefix}:config).
   */
  onRedisReset(listener: (why: string) => void): () => void;
  /** Called after each applied configure(). */
  onConfigure(listener: (settings: LiveSettings, changed: string[]) => void): () => void;
}
