// The engine: feed events → books → batcher → sink, with stats. See types.ts for the contract.
import { createLogLimiter, processTicker, Ticker, type FeedListener, type MarketInfo, type InvalidateReason } from '@ob/core';
import type { BookSnapshot, LiveSettings, MarketStats, StatsSnapshot, Totals } from '@ob/protocol';
import { Batcher } from './batcher';
import { BookStore } from './book-store';
import { silentLog, systemClock } from './clock';
import { Keeper } from './keeper';
import { IDLE, RATE_WINDOW_S, type MarketState } from './market-state';
import { readDelayFor } from './read-delay';
import { readiness } from './readiness';
import { isCrossed } from './snapshot-bytes';
import { defaultSettings, depthFor, mergeSettings } from './settings';
import { emptySample, StatsCollector } from './stats/collector';
import { lagReportingClock } from './stats/timer-lag';
import type { Streamer, StreamerDeps } from './types';

/** stop() waits at most this long for the last flush to be acked. */
export const STOP_FLUSH_TIMEOUT_MS = 5_000;
const SAMPLE_INTERVAL_MS = 1_000;

export function createStreamer(deps: StreamerDeps): Streamer {
  const { feed, sink, source } = deps;
  const clock = deps.clock ?? systemClock;
  // The sockets' and the flush's one timer: the process's on the system clock (the feed's
  // sockets use it too), a private one on a test's clock.
  const ticker = deps.ticker ?? (clock === systemClock ? processTicker() : new Ticker(clock));
  /** Our request for the sockets' read delay (ticker.requestReadDelay), withdrawn at stop(). */
  const owner = {};
  let running = false;
  const askReadDelay = () => { if (running) ticker.requestReadDelay(owner, readDelayFor(settings.batchIntervalMs)); };
  const log = deps.log ?? silentLog;
  let settings: LiveSettings = defaultSettings();
  if (deps.settings) {
    const r = mergeSettings(settings, deps.settings);
    if (!r.ok) throw new Error(`invalid settings: ${r.errors.map((e) => e.message).join('; ')}`);
    settings = r.settings;
  }

  const store = new BookStore();
  const own = { snapshots: 0, pipelines: 0, skippedSelective: 0, redisErrors: 0, streamEntries: 0, keyRefreshes: 0, keysRewritten: 0, redisResets: 0 };
  const limited = createLogLimiter(log, clock);
  /** Failed flushes since the last acked one, for the line saying writes resumed. */
  let failedInRow = 0;
  const flushListeners = new Set<(symbols: readonly string[]) => void>();
  const resetListeners = new Set<(why: string) => void>();
  const configListeners = new Set<(s: LiveSettings, changed: string[]) => void>();
  const startedAt = clock.now();
  const collector = new StatsCollector(startedAt);
  // The flush timer's and the sampler's lateness double as the event-loop lag probe.
  const timers = lagReportingClock(clock, (ms) => collector.timerLagMs.add(ms));
  let sampleTimer: unknown = null;
  let tick = 0;

  const batcher = new Batcher({
    clock: timers, sink, log, venueJson: JSON.stringify(feed.venue), settings: () => settings, ticker,
    observer: {
      timerLate(ms) { collector.timerLagMs.add(ms); },
      written(m, firstChangeTs, ackTs) {
        m.writes++;
        m.lastWriteTs = ackTs;
        own.snapshots++;
        const staleness = ackTs - firstChangeTs;
        collector.stalenessMs.add(staleness); // this second's percentiles
        collector.stalenessSinceStart.add(staleness); // any window's (/metrics, the bench)
      },
      flushed(symbols, pipelines, durationMs) {
        own.pipelines += pipelines;
        if (failedInRow > 0) { log.info({ failed: failedInRow }, `redis writes resumed after ${failedInRow} failed flushes`); failedInRow = 0; }
        collector.flushMs.add(durationMs);
        for (const l of flushListeners) {
          try { l(symbols); } catch (err) { log.error({ err }, 'flush listener failed'); }
        }
      },
      skippedSelective() { own.skippedSelective++; },
      streamed() { own.streamEntries++; },
      failed(err) {
        own.redisErrors++;
        failedInRow++;
        limited('warn', 'write-failed', { err: err instanceof Error ? err.message : String(err) }, 'redis write failed; markets stay pending');
      },
    },
  });

  const redisReset = (why: string) => {
    own.redisResets++;
    for (const l of resetListeners) {
      try { l(why); } catch (err) { log.error({ err }, 'redis reset listener failed'); }
    }
  };
  const keeper = new Keeper({
    clock: timers, sink, settings: () => settings, markets: () => store.all(), rewrite: (m) => batcher.rewrite(m),
    observer: {
      refreshed(count) { own.keyRefreshes += count; },
      lost(symbols) {
        own.keysRewritten += symbols.length;
        limited('warn', 'keys-lost', { count: symbols.length, symbols: symbols.slice(0, 10) }, `${symbols.length} book keys were gone from Redis (restarted empty, flushed or evicted): rewriting them`);
        redisReset(`${symbols.length} book keys were gone`);
      },
      failed(err) { limited('warn', 'refresh-failed', { err: err instanceof Error ? err.message : String(err) }, 'redis: refreshing the book keys\' expiry failed (retried at the next look)'); },
    },
  });
  sink.onServer?.((changed) => {
    if (!changed) { keeper.runNow(); return; }
    const valid = store.all().filter((m) => m.valid);
    own.keysRewritten += valid.length;
    log.warn({ books: valid.length }, `redis is another server than before (restarted or failed over): rewriting all ${valid.length} valid books`);
    for (const m of valid) batcher.rewrite(m);
    redisReset('redis is another server (restart or failover)');
  });

  const listener: FeedListener = {
    event(ev) {
      const m = store.apply(ev);
      if (m) batcher.touch(m);
    },
    invalidate(market: number, reason: InvalidateReason) {
      const m = store.invalidate(market, clock.now());
      if (!m) return;
      batcher.drop(m);
      if (reason === 'gap') m.gaps++;
    },
    markets(list: readonly MarketInfo[]) {
      store.setMarkets(list, clock.now());
    },
    wake() { batcher.wake(); },
  };

  function totals(): Totals {
    const f = feed.counters();
    return {
      messages: f.messages, bytes: f.bytes, snapshots: own.snapshots, pipelines: own.pipelines,
      skippedSelective: own.skippedSelective, gaps: f.gaps, resyncs: f.resyncs, reconnects: f.reconnects,
      parseErrors: f.parseErrors, unknownTypes: f.unknownTypes, oversizeFrames: f.oversizeFrames, redisErrors: own.redisErrors,
      streamEntries: own.streamEntries, keyRefreshes: own.keyRefreshes, keysRewritten: own.keysRewritten, redisResets: own.redisResets,
    };
  }

  function sample(): void {
    sampleTimer = timers.setTimeout(sample, SAMPLE_INTERVAL_MS);
    const t = totals();
    collector.sample(clock.now(), t);
    const slot = tick++ % RATE_WINDOW_S;
    for (const m of store.all()) {
      m.msgBuckets[slot] = m.messages - m.msgsAtTick;
      m.writeBuckets[slot] = m.writes - m.writesAtTick;
      m.msgsAtTick = m.messages;
      m.writesAtTick = m.writes;
    }
  }

  function rate(buckets: Float64Array): number {
    const n = Math.min(tick, RATE_WINDOW_S);
    if (n === 0) return 0;
    let sum = 0;
    for (let i = 0; i < RATE_WINDOW_S; i++) sum += buckets[i]!;
    return sum / n;
  }

  function marketStats(m: MarketState): MarketStats {
    return {
      venue: feed.venue, market: m.id, symbol: m.symbol, instrument: m.instrument, valid: m.valid, messages: m.messages, writes: m.writes,
      msgRate: rate(m.msgBuckets), writeRate: rate(m.writeBuckets),
      lastUpdateTs: m.receivedTs, lastWriteTs: m.lastWriteTs, seq: m.seq,
      bestBid: m.book.bestBidStr(), bestAsk: m.book.bestAskStr(),
      bidLevels: m.book.bidCount, askLevels: m.book.askCount, gaps: m.gaps,
      depth: depthFor(settings, m.symbol),
      crossed: m.valid && isCrossed(m.book.bestBid(), m.book.bestAsk()), crossedWrites: m.crossedWrites,
      noBookSince: m.valid ? 0 : m.noBookSince, everValid: m.everValid, confirmedTs: m.confirmedTs,
    };
  }

  const subscribed = () => {
    const ids = new Set(feed.markets().map((x) => x.id));
    return store.all().filter((m) => ids.has(m.id));
  };

  return {
    venue: feed.venue,
    async start() {
      sampleTimer = timers.setTimeout(sample, SAMPLE_INTERVAL_MS);
      running = true;
      askReadDelay();
      if (settings.markets.length) feed.setMarkets(settings.markets);
      await feed.start(listener);
      store.setMarkets(feed.markets(), clock.now());
      keeper.start();
    },

    async stop() {
      if (sampleTimer !== null) timers.clearTimeout(sampleTimer);
      sampleTimer = null;
      running = false;
      ticker.requestReadDelay(owner, undefined);
      keeper.stop();
      await feed.stop();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), STOP_FLUSH_TIMEOUT_MS); });
      const outcome = await Promise.race([batcher.drain().then(() => 'flushed' as const), timeout]);
      clearTimeout(timer);
      const unwritten = batcher.unwrittenCount();
      if (outcome === 'timeout') log.warn({ pending: unwritten }, 'stop: last flush not acked in time');
      return { unwritten };
    },

    configure(patch) {
      const r = mergeSettings(settings, patch);
      if (!r.ok) return r;
      const before = settings;
      settings = r.settings;
      if (r.changed.includes('markets')) feed.setMarkets(settings.markets);
      if (r.changed.includes('batchIntervalMs') || r.changed.includes('maxBatchSize')
        || r.changed.includes('maxStalenessMs') || r.changed.includes('minChangeBps')) batcher.reschedule();
      if (r.changed.includes('batchIntervalMs')) askReadDelay();
      if (r.changed.includes('ttlSeconds')) keeper.ttlChanged();
      if (r.changed.length) {
        log.info({ changed: r.changed, from: pick(before, r.changed), to: pick(settings, r.changed) }, 'settings changed');
        for (const l of configListeners) {
          try { l(settings, r.changed); } catch (err) { log.error({ err }, 'config listener failed'); }
        }
      }
      return { ok: true, settings, changed: r.changed };
    },

    settings: () => settings,

    stats(historySeconds?: number): StatsSnapshot {
      const now = clock.now();
      const subs = subscribed();
      const feedState = {
        source, venue: feed.venue, url: feed.url, status: feed.status(),
        markets: subs.length, validMarkets: subs.filter((m) => m.valid).length,
        ...(feed.venueCounters ? { counters: { ...feed.venueCounters() } } : {}),
      };
      const problem = sink.problem?.();
      const redis = { status: sink.status(), url: sink.url, ...(problem ? { problem } : {}) };
      return {
        now, startedAt, totals: totals(),
        current: collector.history.latest() ?? emptySample(now),
        history: collector.history.last(historySeconds),
        feed: feedState,
        redis,
        pendingMarkets: store.all().filter((m) => m.state !== IDLE).length,
        readiness: readiness({ feed: feedState, redis, markets: subs, ttlSeconds: settings.ttlSeconds, now }),
      };
    },

    stalenessHistogram: () => collector.stalenessSinceStart.read(),

    markets: () => subscribed().map(marketStats),

    book(symbol, depth): BookSnapshot | undefined {
      const m = store.bySym(symbol);
      if (!m) return undefined;
      const top = m.book.top(depth);
      return {
        venue: feed.venue, market: m.id, symbol: m.symbol, ...(m.instrument ? { instrument: m.instrument } : {}), seq: m.seq, exchangeTs: m.exchangeTs,
        receivedTs: m.receivedTs, writtenTs: 0, bids: top.bids, asks: top.asks,
      };
    },

    writtenBook(symbol, depth): BookSnapshot | undefined {
      const m = store.bySym(symbol);
      if (!m || m.writtenSnapshot === undefined || depth > m.writtenDepth) return undefined;
      const b = JSON.parse(m.writtenSnapshot.toString('utf8')) as BookSnapshot; // our own SnapshotEncoder output
      if (depth < m.writtenDepth) { b.bids = b.bids.slice(0, depth); b.asks = b.asks.slice(0, depth); }
      return b;
    },

    onFlush(l) { flushListeners.add(l); return () => flushListeners.delete(l); },
    onRedisReset(l) { resetListeners.add(l); return () => resetListeners.delete(l); },
    onConfigure(l) { configListeners.add(l); return () => configListeners.delete(l); },
  };
}

function pick(s: LiveSettings, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, s[k as keyof LiveSettings]]));
}
