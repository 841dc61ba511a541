// createVenueFeed: a VenueModule turned into the engine's FeedSource. It builds the feed's parts
// (the market list, the pool of connections, the one subscribe budget, per-market continuity and
// resync, REST snapshots for venues synced from REST) and runs the one timer that ticks them all:
// links (dial, ping, liveness, age), snapshot timeouts and backoffs, the subscribe queue.
import type { BookEvent, FeedListener, FeedSource, FeedStatus, MarketInfo, MarketKind } from '@ob/core';
import { backoffDelay } from '../backoff';
import { createLogLimiter, systemClock } from '../runtime';
import { connectWebSocket } from '../ws/web-socket';
import { createConnectionPool, createConnections, type Connections } from './connections';
import { createFeedContext, type VenueFeedCounters } from './context';
import { createFrameHandler } from './frames';
import { createMarketList } from './market-list';
import { createPacer } from './pacer';
import { CLOSE_GRACE_MS, feedSettings, LIST_RETRY_MS, type VenueFeedOptions } from './settings';
import { createSubscriptions } from './subscriptions';
import type { VenueModule } from './types';
import { createVenueErrors } from './venue-errors';
import { buildView, type FeedView } from './view';

export interface VenueFeed extends FeedSource {
  setMarkets(symbols: readonly string[]): void;
  /** Change the kinds streamed (perp, spot or both) without a restart. */
  setKinds(kinds: readonly MarketKind[]): void;
  /** Every market the venue lists (markets() is the selected subset). */
  available(): readonly MarketInfo[];
  counters(): Readonly<VenueFeedCounters>;
  /** Our counters beyond FeedCounters, the tracker's and the REST budget's (`rest.*`), flat. */
  venueCounters(): Readonly<Record<string, number>>;
  view(): FeedView;
  /** Fetch the market list now (also runs on the schedule). */
  refreshMarkets(): Promise<boolean>;
}

/** FeedCounters' own fields: venueCounters() carries the rest. */
const COMMON = new Set(['messages', 'bytes', 'bookEvents', 'parseErrors', 'unknownTypes', 'gaps', 'resyncs', 'reconnects', 'oversizeFrames']);

export function createVenueFeed<E extends BookEvent>(module: VenueModule<E>, opts: VenueFeedOptions): VenueFeed {
  const clock = opts.clock ?? systemClock;
  const settings = feedSettings(module, opts);
  const limited = createLogLimiter(opts.log, clock);
  const pacer = createPacer(settings.limits);
  const abort = new AbortController();
  let conns: Connections | undefined;
  const pool = createConnectionPool(
    { venue: module.venue, ping: module.ping, settings, opts, clock, connect: opts.connect ?? connectWebSocket, pacer, limited },
    () => conns!,
  );
  const ctx = createFeedContext({
    module, opts, settings, clock, limited, pool, pacer, tracker: module.createTracker(), errors: createVenueErrors(), signal: abort.signal,
  });
  let markStarted: () => void = () => {};
  const started = () => markStarted();
  const subs = createSubscriptions(ctx);
  conns = createConnections(ctx, subs, createFrameHandler(ctx, subs), started);
  const list = createMarketList(ctx, subs, conns, started);
  const { c } = ctx;
  let running = false;
  let tickHandle: unknown;
  let nextRefreshAt = 0;
  let listAttempt = 0;

  function tick(): void {
    tickHandle = undefined;
    if (ctx.stopped) return;
    const now = clock.now();
    if (now >= nextRefreshAt && !list.running()) {
      nextRefreshAt = now + settings.refreshMs;
      void list.refresh().then((ok) => {
        if (ok) listAttempt = 0;
        else if (!ctx.stopped) nextRefreshAt = Math.min(nextRefreshAt, clock.now() + Math.min(LIST_RETRY_MS, backoffDelay(listAttempt++, opts.backoff)));
      });
    }
    for (const link of pool.links) link.tick(now);
    c.stuck = subs.tick(now);
    subs.pump(now);
    conns!.updateStatus();
    tickHandle = clock.setTimeout(tick, settings.tickMs);
  }

  const counters = () => {
    let reconnects = 0;
    for (const l of pool.links) reconnects += l.reconnects();
    return { ...c, reconnects };
  };

  return {
    venue: module.venue,
    url: settings.wsUrl,
    start(l: FeedListener) {
      if (running || ctx.stopped) return Promise.reject(new Error(`${module.venue} feed: start() in status ${ctx.stopped ? 'stopped' : conns!.status()}`));
      running = true;
      ctx.listener = l;
      const done = new Promise<void>((resolve) => { markStarted = resolve; });
      tick();
      return done;
    },
    async stop() {
      if (ctx.stopped) return;
      ctx.stopped = true;
      conns!.updateStatus();
      markStarted();
      abort.abort();
      subs.rest?.close();
      if (tickHandle !== undefined) { clock.clearTimeout(tickHandle); tickHandle = undefined; }
      await Promise.all(pool.links.map((l) => l.stop(CLOSE_GRACE_MS)));
      await list.running()?.catch(() => {});
    },
    setMarkets: (symbols) => list.setSelection(symbols),
    setKinds: (kinds) => list.setKinds(kinds),
    markets: () => list.selected(),
    available: () => list.known() ?? [],
    status: (): FeedStatus => (running || ctx.stopped ? conns!.status() : 'idle'),
    counters,
    venueCounters() {
      const out: Record<string, number> = {};
      for (const [k, v] of Object.entries(counters())) if (!COMMON.has(k)) out[k] = v;
      for (const [k, v] of Object.entries(ctx.tracker.counters?.() ?? {})) if (typeof v === 'number') out[k] = v;
      for (const [k, v] of Object.entries(subs.rest?.counters() ?? {})) if (typeof v === 'number') out[`rest.${k}`] = v;
      return out;
    },
    view: () => buildView(ctx, list),
    refreshMarkets: () => list.refresh(),
  };
}

export type { VenueFeedOptions } from './settings';
export type { VenueFeedCounters } from './context';
