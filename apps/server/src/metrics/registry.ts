// Prometheus metrics in the app's own Registry (never the global one, so several apps can live
// in one process). Values are read from each engine's stats() at scrape time: the engines keep
// the counters, this only copies them out. Every engine figure carries a `venue` label; process
// figures (event-loop lag, dashboard sockets) do not.
import { countsAtOrBelow } from '@ob/streamer';
import type { Engines } from '../engines/engines';
import type { Totals } from '@ob/protocol';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { FeedConnections } from '@ob/protocol';
import type { HubCounters } from '../ws/hub';
import { createFeedMetrics } from './feed';

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

/** `feedView` gives a venue's connection view (default: its engine's). */
export function createMetrics(engines: Engines, hub: () => HubCounters, feedView: (venue: string) => FeedConnections | null = (v) => engines.get(v)?.feedView?.() ?? null): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const refreshFeed = createFeedMetrics(registry, () => engines.venues.flatMap((v) => feedView(v) ?? []));
  const reg = { registers: [registry] };

  const V = ['venue'];
  const totals = TOTALS.map(([key, name, help]) => [key, new Counter({ name, help, labelNames: V, ...reg })] as const);
  const gauge = (name: string, help: string, labelNames: string[] = V) => new Gauge({ name, help, labelNames, ...reg });
  const pending = gauge('ob_pending_markets', 'Markets changed and waiting for the next flush.');
  const compression = gauge('ob_compression_ratio', 'Messages in per snapshot written, over the last second.');
  const feedConnected = gauge('ob_feed_connected', '1 when the venue\'s feed is connected.');
  const redisWritable = gauge('ob_redis_writable', '1 when Redis takes the venue\'s writes.');
  const validMarkets = gauge('ob_valid_markets', 'Markets with a book built from a snapshot and no gap since.');
  const markets = gauge('ob_markets', 'Markets subscribed.');
  const venueCounters = gauge('ob_venue_counter', 'The venue adapter\'s own figures beyond the common ones (checksum mismatches, REST weight, sockets...), by name.', ['venue', 'name']);
  const flush = gauge('ob_flush_duration_ms', 'Flush start to Redis ack over the last second (ms).', ['venue', 'quantile']);
  const staleness = gauge('ob_staleness_ms', 'First change of a market to the Redis ack of its write, over the last second (ms).', ['venue', 'quantile']);
  // The engine's histogram since start, mirrored like the totals: counters with an `le` label
  // under the histogram's names, so histogram_quantile(0.99, rate(ob_write_staleness_ms_bucket[5m]))
  // gives the p99 over any window (the quantile gauges above only cover the last second).
  const stalenessHelp = 'First change of a market to the Redis ack of its write, every write since start (ms)';
  const stalenessBucket = new Counter({ name: 'ob_write_staleness_ms_bucket', help: `${stalenessHelp}: writes at or below le.`, labelNames: ['venue', 'le'], ...reg });
  const stalenessSum = new Counter({ name: 'ob_write_staleness_ms_sum', help: `${stalenessHelp}: their sum.`, labelNames: V, ...reg });
  const stalenessCount = new Counter({ name: 'ob_write_staleness_ms_count', help: `${stalenessHelp}: their number.`, labelNames: V, ...reg });
  const loopLag = gauge('ob_event_loop_lag_p99_ms', 'Event-loop lag p99 over the last second (ms).', []);
  const wsClients = gauge('ob_ws_clients', 'Dashboard WebSocket clients connected.', []);
  const wsPeak = gauge('ob_ws_peak_buffered_bytes', 'Largest send buffer a WebSocket client reached before being dropped (bytes).', []);
  const wsDropped = new Counter({ name: 'ob_ws_dropped_slow_total', help: 'WebSocket clients dropped (1008) for not reading.', ...reg });
  const wsBadFrames = new Counter({ name: 'ob_ws_bad_frames_total', help: 'Invalid frames received from WebSocket clients.', ...reg });
  const wsRejected = new Counter({ name: 'ob_ws_rejected_origin_total', help: 'WebSocket upgrades refused for their Origin.', ...reg });
  const marketMessages = new Counter({ name: 'ob_market_messages_total', help: 'Book messages received per market.', labelNames: ['venue', 'symbol'], ...reg });
  const marketWrites = new Counter({ name: 'ob_market_writes_total', help: 'Snapshots written per market.', labelNames: ['venue', 'symbol'], ...reg });
  const marketGaps = new Counter({ name: 'ob_market_gaps_total', help: 'Continuity faults per market (sequence gaps, checksum mismatches): each resynced that market alone.', labelNames: ['venue', 'symbol'], ...reg });
  const VS = ['venue', 'symbol'];
  const marketValid = gauge('ob_market_valid', '1 when the market\'s book is valid (written), 0 between a gap and the next snapshot.', VS);
  const marketNoBook = gauge('ob_market_no_book_yet', '1 while the market has never had a book since subscribed (no snapshot from the venue yet).', VS);
  const marketNoBookSeconds = gauge('ob_market_without_book_seconds', 'Seconds the market has been without a valid book (never had one, or resyncing); 0 while valid.', VS);
  const marketCrossed = gauge('ob_market_crossed', '1 while the market\'s book is crossed (best bid >= best ask).', VS);
  const marketCrossedWrites = new Counter({ name: 'ob_market_crossed_writes_total', help: 'Snapshots written while the book was crossed (flagged "crossed":true).', labelNames: VS, ...reg });
  const ready = gauge('ob_ready', '1 when the venue is ready: feed connected, Redis writable, 90 % of its markets with their book in Redis.');
  const booksInRedis = gauge('ob_books_in_redis', 'Markets whose current book Redis confirmed within its TTL.');
  const redisProblem = gauge('ob_redis_problem', '1 for the reason Redis does not take the venue\'s writes (code: unreachable, auth, noperm, readonly, oom, misconf, loading, error).', ['venue', 'code']);

  const perVenue = [...totals.map(([, c]) => c), pending, compression, feedConnected, redisWritable, validMarkets, markets,
    venueCounters, flush, staleness, stalenessBucket, stalenessSum, stalenessCount, marketMessages, marketWrites, marketGaps,
    marketValid, marketNoBook, marketNoBookSeconds, marketCrossed, marketCrossedWrites, ready, booksInRedis, redisProblem];

  const refresh = () => {
    // Reset first so a market (or a venue counter) that went away disappears from the output.
    for (const m of perVenue) m.reset();
    for (const e of engines.list) {
      const venue = e.venue;
      const v = { venue };
      const s = e.streamer.stats(1);
      for (const [key, counter] of totals) setCounter(counter, s.totals[key], v);
      pending.set(v, s.pendingMarkets);
      compression.set(v, s.current.compression);
      feedConnected.set(v, s.feed.status === 'connected' ? 1 : 0);
      redisWritable.set(v, s.redis.status === 'writable' ? 1 : 0);
      validMarkets.set(v, s.feed.validMarkets);
      markets.set(v, s.feed.markets);
      ready.set(v, s.readiness.ready ? 1 : 0);
      booksInRedis.set(v, s.readiness.booksInRedis);
      if (s.redis.problem) redisProblem.set({ venue, code: s.redis.problem.code }, 1);
      for (const [name, value] of Object.entries(s.feed.counters ?? {})) venueCounters.set({ venue, name }, value);
      flush.set({ venue, quantile: '0.5' }, s.current.flushP50);
      flush.set({ venue, quantile: '0.99' }, s.current.flushP99);
      staleness.set({ venue, quantile: '0.5' }, s.current.stalenessP50);
      staleness.set({ venue, quantile: '0.99' }, s.current.stalenessP99);
      const stale = e.streamer.stalenessHistogram();
      const { atOrBelow, count } = countsAtOrBelow(stale, STALENESS_BUCKETS_MS);
      STALENESS_BUCKETS_MS.forEach((le, i) => setCounter(stalenessBucket, atOrBelow[i]!, { venue, le: String(le) }));
      setCounter(stalenessBucket, count, { venue, le: '+Inf' });
      setCounter(stalenessSum, stale.sum, v);
      setCounter(stalenessCount, count, v);
      for (const m of e.streamer.markets()) {
        const l = { venue, symbol: m.symbol };
        setCounter(marketMessages, m.messages, l);
        setCounter(marketWrites, m.writes, l);
        setCounter(marketGaps, m.gaps, l);
        marketValid.set(l, m.valid ? 1 : 0);
        marketNoBook.set(l, !m.valid && !m.everValid ? 1 : 0);
        marketNoBookSeconds.set(l, m.noBookSince > 0 ? Math.max(0, (s.now - m.noBookSince) / 1000) : 0);
        marketCrossed.set(l, m.crossed ? 1 : 0);
        setCounter(marketCrossedWrites, m.crossedWrites, l);
      }
    }
    refreshFeed();
    loopLag.set(engines.stats(1).current.loopLagP99);
    const h = hub();
    wsClients.set(h.clients);
    wsPeak.set(h.peakBufferedBytes);
    mirror(wsDropped, h.droppedSlow);
    mirror(wsBadFrames, h.badFrames);
    mirror(wsRejected, h.rejectedOrigin);
  };

  return {
    registry,
    async render() {
      refresh();
      return registry.metrics();
    },
  };
}
