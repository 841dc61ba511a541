// Prometheus metrics in the app's own Registry (never the global one, so several apps can live
// in one process). Values are read from streamer.stats() at scrape time: the engine keeps the
// counters, this only copies them out.
import { countsAtOrBelow, type Streamer } from '@ob/streamer';
import type { Totals } from '@ob/protocol';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { HubCounters } from '../ws/hub';

const TOTALS: ReadonlyArray<[keyof Totals, string, string]> = [
  ['messages', 'ob_messages_total', 'Exchange book messages received.'],
  ['bytes', 'ob_bytes_total', 'Bytes received from the exchange.'],
  ['snapshots', 'ob_snapshots_total', 'Book snapshots written to Redis (keys SET).'],
  ['pipelines', 'ob_pipelines_total', 'Redis pipelines (round trips).'],
  ['gaps', 'ob_gaps_total', 'Sequence gaps detected.'],
  ['resyncs', 'ob_resyncs_total', 'Per-market resyncs (fresh snapshots after a gap).'],
  ['reconnects', 'ob_reconnects_total', 'Feed reconnects.'],
  ['parseErrors', 'ob_parse_errors_total', 'Exchange frames that failed to parse.'],
  ['unknownTypes', 'ob_unknown_types_total', 'Exchange frames of an unknown type (skipped).'],
  ['oversizeFrames', 'ob_oversize_frames_total', 'Exchange frames refused for size.'],
  ['redisErrors', 'ob_redis_errors_total', 'Failed Redis writes.'],
  ['skippedSelective', 'ob_skipped_selective_total', 'Writes skipped by minChangeBps.'],
  ['streamEntries', 'ob_stream_entries_total', 'Change-stream entries written (XADD), when the stream setting is on.'],
  ['keyRefreshes', 'ob_key_refreshes_total', 'Book keys whose expiry was set again (EXPIRE) so quiet books stay in Redis.'],
  ['keysRewritten', 'ob_keys_rewritten_total', 'Books rewritten because their key was gone or Redis was another server.'],
  ['redisResets', 'ob_redis_resets_total', 'Times Redis was found reset (another server, or book keys gone).'],
];

/**
 * Bounds (ms) of the staleness histogram's buckets: around the usual batch intervals and their
 * goal of interval + 5 ms, then the seconds a stalled Redis reaches.
 */
export const STALENESS_BUCKETS_MS = [1, 2, 5, 10, 15, 20, 25, 50, 75, 100, 105, 110, 125, 150, 200, 250, 500, 1000, 2500, 5000, 10000] as const;

export interface Metrics {
  registry: Registry;
  /** Copies the engine's figures into the metrics, then renders the text format. */
  render(): Promise<string>;
}

// A counter mirrors a total kept elsewhere: reset, then add the current value. A labelled one
// is reset once for all its labels, then set label by label (setCounter).
function mirror(c: Counter<string>, value: number): void {
  c.reset();
  c.inc(value);
}

function setCounter(c: Counter<string>, value: number, labels: Record<string, string>): void {
  c.inc(labels, value);
}

export function createMetrics(streamer: Streamer, hub: () => HubCounters): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const reg = { registers: [registry] };

  const totals = TOTALS.map(([key, name, help]) => [key, new Counter({ name, help, ...reg })] as const);
  const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, ...reg });
  const pending = gauge('ob_pending_markets', 'Markets changed and waiting for the next flush.');
  const compression = gauge('ob_compression_ratio', 'Messages in per snapshot written, over the last second.');
  const feedConnected = gauge('ob_feed_connected', '1 when the exchange feed is connected.');
  const redisWritable = gauge('ob_redis_writable', '1 when Redis takes writes.');
  const validMarkets = gauge('ob_valid_markets', 'Markets with a book built from a snapshot and no gap since.');
  const markets = gauge('ob_markets', 'Markets subscribed.');
  const flush = gauge('ob_flush_duration_ms', 'Flush start to Redis ack over the last second (ms).', ['quantile']);
  const staleness = gauge('ob_staleness_ms', 'First change of a market to the Redis ack of its write, over the last second (ms).', ['quantile']);
  // The engine's histogram since start, mirrored like the totals: counters with an `le` label
  // under the histogram's names, so histogram_quantile(0.99, rate(ob_write_staleness_ms_bucket[5m]))
  // gives the p99 over any window (the quantile gauges above only cover the last second).
  const stalenessHelp = 'First change of a market to the Redis ack of its write, every write since start (ms)';
  const stalenessBucket = new Counter({ name: 'ob_write_staleness_ms_bucket', help: `${stalenessHelp}: writes at or below le.`, labelNames: ['le'], ...reg });
  const stalenessSum = new Counter({ name: 'ob_write_staleness_ms_sum', help: `${stalenessHelp}: their sum.`, ...reg });
  const stalenessCount = new Counter({ name: 'ob_write_staleness_ms_count', help: `${stalenessHelp}: their number.`, ...reg });
  const loopLag = gauge('ob_event_loop_lag_p99_ms', 'Event-loop lag p99 over the last second (ms).');
  const wsClients = gauge('ob_ws_clients', 'Dashboard WebSocket clients connected.');
  const wsPeak = gauge('ob_ws_peak_buffered_bytes', 'Largest send buffer a WebSocket client reached before being dropped (bytes).');
  const wsDropped = new Counter({ name: 'ob_ws_dropped_slow_total', help: 'WebSocket clients dropped (1008) for not reading.', ...reg });
  const wsBadFrames = new Counter({ name: 'ob_ws_bad_frames_total', help: 'Invalid frames received from WebSocket clients.', ...reg });
  const wsRejected = new Counter({ name: 'ob_ws_rejected_origin_total', help: 'WebSocket upgrades refused for their Origin.', ...reg });
  const marketMessages = new Counter({ name: 'ob_market_messages_total', help: 'Book messages received per market.', labelNames: ['symbol'], ...reg });
  const marketWrites = new Counter({ name: 'ob_market_writes_total', help: 'Snapshots written per market.', labelNames: ['symbol'], ...reg });
  const marketValid = gauge('ob_market_valid', '1 when the market\'s book is valid (written), 0 between a gap and the next snapshot.', ['symbol']);
  const marketNoBook = gauge('ob_market_no_book_yet', '1 while the market has never had a book since subscribed (no snapshot from the venue yet).', ['symbol']);
  const marketNoBookSeconds = gauge('ob_market_without_book_seconds', 'Seconds the market has been without a valid book (never had one, or resyncing); 0 while valid.', ['symbol']);
  const marketCrossed = gauge('ob_market_crossed', '1 while the market\'s book is crossed (best bid >= best ask).', ['symbol']);
  const marketCrossedWrites = new Counter({ name: 'ob_market_crossed_writes_total', help: 'Snapshots written while the book was crossed (flagged "crossed":true).', labelNames: ['symbol'], ...reg });
  const ready = gauge('ob_ready', '1 when ready: feed connected, Redis writable, 90 % of the markets with their book in Redis.');
  const booksInRedis = gauge('ob_books_in_redis', 'Markets whose current book Redis confirmed within its TTL.');
  const redisProblem = gauge('ob_redis_problem', '1 for the reason Redis does not take writes (code: unreachable, auth, noperm, readonly, oom, misconf, loading, error).', ['code']);

  const refresh = () => {
    const s = streamer.stats(1);
    for (const [key, counter] of totals) mirror(counter, s.totals[key]);
    pending.set(s.pendingMarkets);
    compression.set(s.current.compression);
    feedConnected.set(s.feed.status === 'connected' ? 1 : 0);
    redisWritable.set(s.redis.status === 'writable' ? 1 : 0);
    validMarkets.set(s.feed.validMarkets);
    ready.set(s.readiness.ready ? 1 : 0);
    booksInRedis.set(s.readiness.booksInRedis);
    redisProblem.reset();
    if (s.redis.problem) redisProblem.set({ code: s.redis.problem.code }, 1);
    markets.set(s.feed.markets);
    flush.set({ quantile: '0.5' }, s.current.flushP50);
    flush.set({ quantile: '0.99' }, s.current.flushP99);
    staleness.set({ quantile: '0.5' }, s.current.stalenessP50);
    staleness.set({ quantile: '0.99' }, s.current.stalenessP99);
    loopLag.set(s.current.loopLagP99);
    const stale = streamer.stalenessHistogram();
    const { atOrBelow, count } = countsAtOrBelow(stale, STALENESS_BUCKETS_MS);
    stalenessBucket.reset();
    STALENESS_BUCKETS_MS.forEach((le, i) => setCounter(stalenessBucket, atOrBelow[i]!, { le: String(le) }));
    setCounter(stalenessBucket, count, { le: '+Inf' });
    mirror(stalenessSum, stale.sum);
    mirror(stalenessCount, count);
    const h = hub();
    wsClients.set(h.clients);
    wsPeak.set(h.peakBufferedBytes);
    mirror(wsDropped, h.droppedSlow);
    mirror(wsBadFrames, h.badFrames);
    mirror(wsRejected, h.rejectedOrigin);
    // Reset first so a market that left the subscription disappears from the output.
    marketMessages.reset(); marketWrites.reset(); marketValid.reset();
    marketNoBook.reset(); marketNoBookSeconds.reset(); marketCrossed.reset(); marketCrossedWrites.reset();
    for (const m of streamer.markets()) {
      const labels = { symbol: m.symbol };
      setCounter(marketMessages, m.messages, labels);
      setCounter(marketWrites, m.writes, labels);
      marketValid.set(labels, m.valid ? 1 : 0);
      marketNoBook.set(labels, !m.valid && !m.everValid ? 1 : 0);
      marketNoBookSeconds.set(labels, m.noBookSince > 0 ? Math.max(0, (s.now - m.noBookSince) / 1000) : 0);
      marketCrossed.set(labels, m.crossed ? 1 : 0);
      setCounter(marketCrossedWrites, m.crossedWrites, labels);
    }
  };

  return {
    registry,
    async render() {
      refresh();
      return registry.metrics();
    },
  };
}
