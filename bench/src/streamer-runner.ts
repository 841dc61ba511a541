// The streamer under test, run as its own process: createLighterFeed (or, with --venue, the
// registry's createFeed for that venue) → createStreamer → createRedisSink, exactly as the server
// wires it, pointed at the bench's generator (or a venue's simulator) and private redis-server
// (or, with --replay, at a capture; with --record, recording what it gets). The harness reads its
// counters and stats over IPC at the edges of a window.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Ticker } from '@ob/core';
import { capture, createLighterFeed, venueEntry, venueNames } from '@ob/feeds';
import type { LiveSettingsPatch } from '@ob/protocol';
import { ownsMarket, parseShard } from '@ob/core';
import { createRedisClusterSink, createRedisSink, createStreamer, histogramWindow, type HistogramReading, type Logger } from '@ob/streamer';
import type { LatencyWindow, RunnerStats } from './consumer-stats';
import { emit, serveRpc } from './rpc';
import { threadCpu } from './thread-cpu';

/**
 * Our own event-loop delay histogram, on only while the harness asks (each tick is a wake-up,
 * which would show in the CPU figures). Its samples are timer intervals, so the resolution is
 * subtracted to get the lag.
 */
const LAG_RESOLUTION_MS = 10;

/** Warnings and errors go to stderr (the harness shows them); the rest is dropped. */
const log: Logger = {
  info: () => {},
  debug: () => {},
  warn: (obj, msg) => console.error(`streamer warn: ${msg ?? ''} ${typeof obj === 'string' ? obj : JSON.stringify(obj)}`),
  error: (obj, msg) => console.error(`streamer error: ${msg ?? ''} ${typeof obj === 'string' ? obj : JSON.stringify(obj)}`),
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ws: { type: 'string' }, rest: { type: 'string' }, redis: { type: 'string' },
      /** A venue of the registry, run through its createFeed (no --one-connection or --feed limits there). */
      venue: { type: 'string' },
      prefix: { type: 'string', default: 'bench' }, settings: { type: 'string', default: '{}' },
      /** Feed options (marketsPerConnection, ...) as JSON. */
      feed: { type: 'string', default: '{}' },
      /** off: the streamer's read delay is not given to the sockets (reads at once), for an A/B. */
      coalesce: { type: 'string', default: 'on' },
      'one-connection': { type: 'boolean', default: false },
      record: { type: 'string' }, replay: { type: 'string' }, speed: { type: 'string', default: 'max' },
      // --cluster host:port,...: the cluster sink instead of --redis; --shard i/N: this share of the markets.
      cluster: { type: 'string' }, shard: { type: 'string' },
    },
  });
  if ((!values.replay && (!values.ws || !values.rest)) || !(values.redis || values.cluster)) {
    throw new Error('usage: streamer-runner (--ws URL --rest URL | --replay DIR [--speed S]) (--redis URL | --cluster host:port,...) [--venue NAME] [--shard i/N] [--record DIR] [--prefix P] [--settings JSON] [--feed JSON] [--coalesce on|off] [--one-connection]');
  }
  const entry = values.venue === undefined ? undefined : venueEntry(values.venue);
  if (values.venue !== undefined && !entry) throw new Error(`unknown venue ${values.venue}; venues: ${venueNames().join(', ')}`);
  const venue = entry?.venue ?? 'lighter';
  const shard = parseShard(values.shard ?? '');
  if (typeof shard === 'string') throw new Error(shard);
  let io: Partial<capture.FeedIo> = {};
  let replay: capture.Replay | undefined;
  if (values.replay) {
    const speed = capture.parseReplaySpeed(values.speed!);
    if (typeof speed === 'object') throw new Error(speed.error);
    replay = capture.createReplay({ dir: values.replay, speed, log });
    io = { connect: replay.connect, fetch: replay.fetch, clock: replay.clock };
  }
  const writer = values.record ? capture.createCaptureWriter({ dir: values.record, venue, log }) : undefined;
  if (writer) io = capture.createRecorder({ writer, ...io });
  const source = values.replay ? `replay:${values.replay}` : undefined;
  // --one-connection puts every market on one connection and paces nothing, so a many-market run
  // measures the books, not the pacer; --feed sets feed options (several connections, budgets).
  const common = {
    ...(JSON.parse(values.feed!) as object),
    wsUrl: source ?? values.ws!, restUrl: source ?? values.rest!, log, ...io,
    ...(shard ? { accept: (symbol: string) => ownsMarket(shard, venue, symbol) } : {}),
  };
  const feed = entry ? entry.createFeed({ ...common, symbols: [] }) : createLighterFeed({
    ...common,
    ...(values['one-connection'] ? {
      marketsPerConnection: 100_000,
      limits: { subscriptionsPerConnection: 100_000, subscriptionsTotal: undefined, messagesPerMinute: undefined, messagesInFlight: undefined },
    } : {}),
  });
  const sink = values.cluster
    ? createRedisClusterSink({ seeds: values.cluster.split(','), prefix: values.prefix!, venue: feed.venue, log })
    : createRedisSink({ url: values.redis!, prefix: values.prefix!, venue: feed.venue, log });
  const settings = JSON.parse(values.settings!) as LiveSettingsPatch;
  // With a private ticker the streamer's read delay reaches no socket: every read at once.
  const ticker = values.coalesce === 'off' ? new Ticker() : undefined;
  const streamer = createStreamer({ feed, source: 'bench-generator', sink, settings, log, ticker });
  await streamer.start();

  let lag: IntervalHistogram | undefined;
  let stalenessFrom: HistogramReading | undefined;
  serveRpc({
    /** Starts a latency window: event-loop lag sampled from now, staleness counted from now. */
    windowStart() {
      lag?.disable();
      lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
      lag.enable();
      stalenessFrom = streamer.stalenessHistogram();
      return true;
    },
    windowStop(): LatencyWindow {
      if (!lag || !stalenessFrom) throw new Error('windowStop without windowStart');
      lag.disable();
      const ms = (ns: number) => Math.max(0, ns / 1e6 - LAG_RESOLUTION_MS);
      const loopLag = { p50: ms(lag.percentile(50)), p99: ms(lag.percentile(99)), max: ms(lag.max), samples: lag.count };
      const staleness = histogramWindow(streamer.stalenessHistogram(), stalenessFrom);
      lag = stalenessFrom = undefined;
      return { loopLag, staleness };
    },
    stats(args?: { history?: number }): RunnerStats {
      const c = feed.counters();
      const u = process.cpuUsage();
      const mem = process.memoryUsage();
      return {
        messages: c.messages, bytes: c.bytes, bookEvents: c.bookEvents, gaps: c.gaps, resyncs: c.resyncs,
        reconnects: c.reconnects, parseErrors: c.parseErrors,
        cpuMicros: u.user + u.system, rss: mem.rss, heapUsed: mem.heapUsed, threads: threadCpu(), hrMicros: Number(process.hrtime.bigint() / 1000n),
        stats: streamer.stats(args?.history ?? 1),
      };
    },
    /** The staleness histogram since start (diff two readings for a window's percentiles): no wake-up of its own. */
    staleness: () => { const h = streamer.stalenessHistogram(); return { counts: [...h.counts], sum: h.sum }; },
    configure(patch: unknown) {
      const r = streamer.configure(patch);
      if (!r.ok) throw new Error(`configure refused: ${JSON.stringify(r.errors)}`);
      return r.settings;
    },
    settings: () => streamer.settings(),
    /** Every market with its validity, writes and depth, and the feed's connections (when it shows them). */
    markets: () => ({ markets: streamer.markets(), connections: feed.view?.().connections.length }),
    replay: () => replay?.stats() ?? null,
    recording: () => writer?.stats() ?? null,
    async stop() {
      await streamer.stop();
      replay?.stop();
      await writer?.close();
      await sink.close();
      return true;
    },
  });
  emit('started');
}

main().catch((err) => { console.error(err); process.exit(1); });
