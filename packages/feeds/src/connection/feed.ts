// createVenueFeed: a VenueModule turned into the engine's FeedSource. Owns the market list
// (fetched at start and refreshed on a schedule), the pool of connections, the one subscribe
// budget (pacer), per-market continuity (the module's tracker) and resync backoff. One timer
// ticks everything: links (dial, ping, liveness, age), snapshot timeouts, the subscribe queue.
import type { BookEvent, Clock, FeedListener, FeedStatus, InvalidateReason, Logger, MarketInfo, MarketKind } from '@ob/core';
import { backoffDelay, type BackoffOptions } from '../backoff';
import { createLogLimiter, systemClock } from '../runtime';
import { connectWebSocket } from '../ws/web-socket';
import { onlyAccepted, type Accept } from './accept';
import { createLink, PONG_TIMEOUT_MS, type Connect, type Link } from './link';
import { kindOf, sameMarket, sameMarkets, selectMarkets } from './market-select';
import { createPacer, MINUTE_MS } from './pacer';
import { createPool } from './pool';
import { resyncDelay, SNAPSHOT_TIMEOUT_MS, type ResyncBackoffOptions } from './resync-backoff';
import { BACKWARD, CHECKSUM, DELIVER, GAP, type VenueLimits, type VenueModule } from './types';
import { createVenueErrors } from './venue-errors';
import type { FeedView } from './view';

/** Frames bigger than this are refused before parsing (closed with 1009; that link reconnects). */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
export const CONNECT_TIMEOUT_MS = 10_000;
export const REST_TIMEOUT_MS = 10_000;
/** stop() waits this long for the close handshakes before cutting the sockets. */
export const CLOSE_GRACE_MS = 1_000;
/** Markets per connection unless the operator says otherwise: half of Lighter's cap of 100. */
export const DEFAULT_MARKETS_PER_CONNECTION = 50;
export const DEFAULT_MARKETS_REFRESH_MS = 300_000;
/** A failed refresh is retried after at most this long (the first fetch backs off from the reconnect base). */
export const LIST_RETRY_MS = 30_000;
/** Unknown frame types are logged once per name, for at most this many names. */
export const MAX_LOGGED_TYPE_NAMES = 256;
/** After one connection recycled for age, the next waits at least this long. */
export const RECYCLE_GAP_MS = 30_000;
/** The venue refused us for speed: no subscribe for this long. */
export const THROTTLE_HOLD_MS = 5_000;

export interface VenueFeedOptions {
  wsUrl?: string;
  restUrl?: string;
  /** Symbols to subscribe; empty or absent = every listed market of `kinds`. */
  symbols?: readonly string[];
  /** Market kinds to stream (default perp). */
  kinds?: readonly MarketKind[];
  marketsPerConnection?: number;
  /** Market-list refresh period (default 5 min). */
  marketsRefreshMs?: number;
  log: Logger;
  clock?: Clock;
  /** The socket (same signature as connectWebSocket): a recorder or replayer may wrap or replace it. */
  connect?: Connect;
  /** REST (same as globalThis.fetch). */
  fetch?: typeof fetch;
  /** Overrides of the module's limits (tests scale windows and ages down). */
  limits?: Partial<VenueLimits>;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  snapshotTimeoutMs?: number;
  resyncBackoff?: ResyncBackoffOptions;
  backoff?: BackoffOptions;
  connectTimeoutMs?: number;
  restTimeoutMs?: number;
  maxFrameBytes?: number;
  /** Gap between two age recycles (default RECYCLE_GAP_MS, capped at a tenth of the age). */
  recycleGapMs?: number;
  /** Of the markets selected, only those this returns true for are streamed (a shard's share, SHARD=i/N). */
  accept?: Accept;
}

export interface VenueFeedCounters {
  messages: number; bytes: number; bookEvents: number; parseErrors: number; unknownTypes: number;
  gaps: number; resyncs: number; reconnects: number; oversizeFrames: number;
  /** Error frames from the venue (by code in view()). */
  venueErrors: number;
  /** Events refused for going back in time (issue 20.2). */
  backward: number;
  checksumErrors: number;
  /** Snapshot timeouts (a subscribe not answered in time). */
  snapshotTimeouts: number;
  /** Markets stuck without a snapshot right now. */
  stuck: number;
  /** Market-list refreshes, and those that failed. */
  refreshes: number;
  refreshFailures: number;
  /** Subscribes and unsubscribes sent. */
  subscribes: number;
  unsubscribes: number;
}

export interface VenueFeed {
  readonly venue: string;
  readonly url: string;
  start(listener: FeedListener): Promise<void>;
  stop(): Promise<void>;
  setMarkets(symbols: readonly string[]): void;
  /** Change the kinds streamed (perp, spot or both) without a restart. */
  setKinds(kinds: readonly MarketKind[]): void;
  markets(): readonly MarketInfo[];
  /** Every market the venue lists (markets() is the selected subset). */
  available(): readonly MarketInfo[];
  status(): FeedStatus;
  counters(): Readonly<VenueFeedCounters>;
  view(): FeedView;
  /** Fetch the market list now (also runs on the schedule). */
  refreshMarkets(): Promise<boolean>;
}

type SlotState = 'pending' | 'queued' | 'awaiting' | 'backoff' | 'live';

interface Slot {
  info: MarketInfo;
  state: SlotState;
  /** When the current subscribe went out. */
  since: number;
  /** Counted in the pacer's in-flight budget. */
  inFlight: boolean;
  /** Consecutive failed resyncs (timeouts, gaps soon after a snapshot). */
  attempts: number;
  retryAt: number;
  /** First unanswered subscribe since the market was last live (0: not stuck). */
  stuckSince: number;
  liveSince: number;
  /** The next send is a resync (unsubscribe first): the venue may still hold our subscription. */
  resub: boolean;
}

interface Job { op: 'sub' | 'unsub'; market: number; link: Link; info: MarketInfo }

export function createVenueFeed(venueModule: VenueModule, opts: VenueFeedOptions): VenueFeed {
  const module = onlyAccepted(venueModule, opts.accept);
  const clock = opts.clock ?? systemClock;
  const log = opts.log;
  const limited = createLogLimiter(log, clock);
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const connect: Connect = opts.connect ?? connectWebSocket;
  const limits: VenueLimits = { ...module.limits, ...opts.limits };
  const wsUrl = opts.wsUrl ?? module.wsUrl;
  const restUrl = opts.restUrl ?? module.restUrl;
  const perConnection = Math.max(1, Math.min(opts.marketsPerConnection ?? DEFAULT_MARKETS_PER_CONNECTION, limits.subscriptionsPerConnection));
  // As many connections as the venue allows open, and no more than its total subscriptions need.
  const maxLinks = Math.min(limits.connectionsOpen ?? Infinity, Math.floor((limits.subscriptionsTotal ?? Infinity) / perConnection));
  const refreshMs = opts.marketsRefreshMs ?? DEFAULT_MARKETS_REFRESH_MS;
  const snapshotMs = opts.snapshotTimeoutMs ?? SNAPSHOT_TIMEOUT_MS;
  const idleClose = limits.idleCloseMs ?? Infinity;
  // Our ping must go well inside the venue's idle close, whatever the module or the options say.
  const pingMs = Math.min(opts.pingIntervalMs ?? limits.pingIntervalMs, Math.floor(idleClose / 3));
  const pongMs = opts.pongTimeoutMs ?? Math.min(PONG_TIMEOUT_MS, Math.max(pingMs, 50));
  const maxAge = limits.maxConnectionAgeMs ?? Infinity;
  // Recycle well before the venue's drop: at 90 % (less a stagger per link, see link.ts).
  const recycleAge = maxAge === Infinity ? Infinity : maxAge * 0.9;
  const recycleGap = opts.recycleGapMs ?? Math.min(RECYCLE_GAP_MS, maxAge / 20);
  const windowMs = limits.messageWindowMs ?? MINUTE_MS;
  const tickMs = Math.max(5, Math.min(250, Math.floor(Math.min(pingMs, pongMs, snapshotMs, windowMs / 8) / 4)));
  const answered = module.snapshotAnswersSubscribe;
  const inFlightCost = answered === undefined ? 0 : 1;
  let kinds: readonly MarketKind[] = opts.kinds && opts.kinds.length > 0 ? [...opts.kinds] : ['perp'];

  const pacer = createPacer(limits);
  const tracker = module.createTracker();
  const errors = createVenueErrors();
  const c: VenueFeedCounters = {
    messages: 0, bytes: 0, bookEvents: 0, parseErrors: 0, unknownTypes: 0, gaps: 0, resyncs: 0, reconnects: 0,
    oversizeFrames: 0, venueErrors: 0, backward: 0, checksumErrors: 0, snapshotTimeouts: 0, stuck: 0,
    refreshes: 0, refreshFailures: 0, subscribes: 0, unsubscribes: 0,
  };
  const loggedTypes = new Set<string>();
  const slots = new Map<number, Slot>();
  const queue: Job[] = [];
  let known: MarketInfo[] | undefined;
  let selection: readonly string[] = opts.symbols ?? [];
  let selected: MarketInfo[] = [];
  let unplaced = 0;
  let status: FeedStatus = 'idle';
  let listener: FeedListener | undefined;
  let stopped = false;
  let tickHandle: unknown;
  let nextRefreshAt = 0;
  let refreshing: Promise<boolean> | undefined;
  let lastRefreshAt = 0;
  let listAttempt = 0;
  let lastRecycleAt = -Infinity;
  let everOpen = false;
  let markStarted: () => void = () => {};
  const rest = new AbortController();

  // --- listener calls: guarded, so a throwing engine cannot break the socket handlers ---
  const guard = (what: string, fn: () => void) => {
    try { fn(); } catch (err) { limited('error', 'listener', { err: String(err) }, `${module.venue}: listener.${what} threw`); }
  };
  const deliver = (ev: BookEvent) => { c.bookEvents++; guard('event', () => listener!.event(ev)); };
  const invalidate = (id: number, reason: InvalidateReason) => {
    if (!stopped && listener) guard('invalidate', () => listener!.invalidate(id, reason));
  };
  const announce = () => { if (!stopped && listener) guard('markets', () => listener!.markets(selected)); };

  const pool = createPool(perConnection, maxLinks, (index) => createLink({
    index, url: wsUrl, clock, connect, pacer, ping: module.ping, pingIntervalMs: pingMs, pongTimeoutMs: pongMs,
    recycleAgeMs: recycleAge, backoff: opts.backoff,
    socketOpts: { maxPayload: opts.maxFrameBytes ?? MAX_FRAME_BYTES, handshakeTimeoutMs: opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS },
    onMessage, onOpen, onClose,
    onError(link, err) {
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') c.oversizeFrames++;
      if (!stopped) limited('warn', 'ws-error', { link: link.index, err: err.message, code: err.code }, `${module.venue}: websocket error`);
    },
    mayRecycle(link) {
      const now = clock.now();
      if (now - lastRecycleAt < recycleGap) return false;
      // One at a time, and only while every other connection is up.
      if (pool.links.some((l) => l !== link && (l.recycling() || (l.markets.size > 0 && !l.isOpen())))) return false;
      lastRecycleAt = now;
      return true;
    },
    log: (level, key, obj, msg) => limited(level, key, obj, `${module.venue}: ${msg.replace(/^feed: /, '')}`),
  }));

  const reserveForPings = () => {
    const links = pool.links.filter((l) => l.markets.size > 0).length;
    // Our pings, and as many pongs for the venue's own pings, per window; plus one spare.
    pacer.reserve(links * 2 * Math.ceil(windowMs / pingMs) + 1);
  };

  // --- subscriptions ---
  const enqueue = (slot: Slot, link: Link) => {
    if (slot.state === 'queued') return;
    slot.state = 'queued';
    queue.push({ op: 'sub', market: slot.info.id, link, info: slot.info });
  };

  const releaseFlight = (slot: Slot) => { if (slot.inFlight) { slot.inFlight = false; pacer.release(); } };

  /** Back to the queue after `delay` (0: now), as a resync (unsubscribe first). */
  const retry = (slot: Slot, now: number, delay: number) => {
    releaseFlight(slot);
    slot.resub = true;
    tracker.await(slot.info.id, now); // drop its deltas until the new snapshot
    if (delay <= 0) { const link = pool.linkOf(slot.info.id); if (link?.isOpen()) enqueue(slot, link); else slot.state = 'pending'; return; }
    slot.state = 'backoff';
    slot.retryAt = now + delay;
  };

  /** A continuity fault: invalidate that market alone and resync it (backing off when it repeats). */
  const resyncAfterFault = (id: number, now: number) => {
    const slot = slots.get(id);
    if (!slot || (slot.state !== 'live' && slot.state !== 'awaiting')) return;
    invalidate(id, 'gap');
    // A fault soon after a snapshot counts as a failed resync; a long-live market starts over.
    if (slot.state === 'live' && now - slot.liveSince > snapshotMs) slot.attempts = 0;
    slot.attempts++;
    slot.stuckSince ||= now;
    retry(slot, now, slot.attempts <= 1 ? 0 : resyncDelay(slot.attempts - 1, opts.resyncBackoff));
  };

  const pump = (now: number) => {
    while (queue.length > 0) {
      const job = queue[0]!;
      if (job.op === 'unsub') {
        if (!job.link.isOpen()) { queue.shift(); continue; }
        const texts = module.unsubscribe([job.info]);
        if (!pacer.take(now, texts.length, 0)) return;
        queue.shift();
        for (const t of texts) job.link.send(t);
        c.unsubscribes += texts.length;
        continue;
      }
      const slot = slots.get(job.market);
      if (!slot || slot.state !== 'queued' || pool.linkOf(job.market) !== job.link) { queue.shift(); continue; }
      if (!job.link.isOpen()) { queue.shift(); slot.state = 'pending'; continue; }
      // Subscribes of one link in a row go out together, as many per message as the venue allows.
      const batch: Slot[] = [slot];
      if (!slot.resub) {
        for (let i = 1; i < queue.length && batch.length < limits.marketsPerMessage; i++) {
          const j = queue[i]!;
          const s = j.op === 'sub' ? slots.get(j.market) : undefined;
          if (!s || j.link !== job.link || s.state !== 'queued' || s.resub) break;
          batch.push(s);
        }
      }
      const infos = batch.map((s) => s.info);
      const unsub = slot.resub ? module.unsubscribe(infos) : [];
      const sub = module.subscribe(infos);
      if (!pacer.take(now, unsub.length + sub.length, inFlightCost * (answered ? batch.length : sub.length))) return;
      queue.splice(0, batch.length);
      for (const t of unsub) job.link.send(t);
      for (const t of sub) job.link.send(t);
      c.unsubscribes += unsub.length;
      c.subscribes += sub.length;
      for (const s of batch) {
        if (s.resub) c.resyncs++;
        s.resub = false;
        s.state = 'awaiting';
        s.since = now;
        s.inFlight = inFlightCost > 0;
        s.stuckSince ||= now;
        tracker.await(s.info.id, now);
      }
    }
  };

  // --- frames: one call per frame, no closures on the hot path ---
  let burstNow = -1;
  const endBurst = () => {
    // Answers in this read may have freed in-flight slots: send what waits for them now.
    if (queue.length > 0 && !stopped) pump(burstNow);
    burstNow = -1;
    if (!stopped && listener?.wake) guard('wake', () => listener!.wake!());
  };

  function onMessage(link: Link, text: string, bytes: number): void {
    if (stopped) return;
    // Frames of one socket read come in one synchronous burst: one clock read serves them all,
    // and a microtask ends the burst and wakes the listener once.
    if (burstNow < 0) { burstNow = clock.now(); queueMicrotask(endBurst); }
    const now = burstNow;
    c.messages++;
    c.bytes += bytes;
    let f;
    try { f = module.decode(text, now); } catch (err) { f = { type: 'invalid', reason: `decoder threw: ${String(err)}` } as const; }
    switch (f.type) {
      case 'book': {
        const ev = f.event;
        const v = tracker.check(ev);
        if (v === DELIVER) {
          if (ev.kind === 'snapshot') onSnapshot(ev.market, now);
          deliver(ev);
          return;
        }
        if (v === GAP || v === CHECKSUM || v === BACKWARD) {
          if (v === GAP) c.gaps++; else if (v === CHECKSUM) c.checksumErrors++; else c.backward++;
          limited('warn', `fault-${v}`, { market: ev.market, prevSeq: ev.prevSeq, seq: ev.seq, verdict: v === GAP ? 'gap' : v === CHECKSUM ? 'checksum' : 'backward' },
            `${module.venue}: ${v === GAP ? 'sequence gap' : v === CHECKSUM ? 'checksum mismatch' : 'event older than the book refused'}, resyncing market`);
          resyncAfterFault(ev.market, now);
        }
        return;
      }
      case 'ping': pacer.note(now, 1); link.send(f.reply); return;
      case 'pong': case 'connected': return;
      case 'ack':
        if (answered === false) ackMarkets(f.markets);
        return;
      case 'error': onVenueError(f.code, f.message, f.market, now); return;
      case 'unknown':
        c.unknownTypes++;
        if (!loggedTypes.has(f.name) && loggedTypes.size < MAX_LOGGED_TYPE_NAMES) {
          loggedTypes.add(f.name);
          log.info({ type: f.name.slice(0, 64) }, `${module.venue}: unknown frame type, skipped`);
        }
        return;
      case 'invalid':
        c.parseErrors++;
        limited('warn', 'parse', { reason: f.reason, frame: text.slice(0, 120) }, `${module.venue}: unparseable frame skipped`);
        return;
    }
  }

  function onSnapshot(id: number, now: number): void {
    const slot = slots.get(id);
    if (!slot) return;
    if (answered) releaseFlight(slot);
    if (slot.state !== 'live') { slot.state = 'live'; slot.liveSince = now; }
    slot.stuckSince = 0;
  }

  function ackMarkets(markets: number[]): void {
    if (markets.length > 0) { for (const id of markets) { const s = slots.get(id); if (s) releaseFlight(s); } return; }
    for (const s of slots.values()) if (s.inFlight) { releaseFlight(s); return; } // the oldest-inserted one
  }

  function onVenueError(code: string, message: string, market: number | undefined, now: number): void {
    c.venueErrors++;
    errors.add(code, message, market);
    limited('warn', `venue-error-${code.slice(0, 16)}`, { code, market, message: message.slice(0, 200) }, `${module.venue}: venue sent an error`);
    const slot = market !== undefined ? slots.get(market) : undefined;
    if (!slot || slot.state !== 'awaiting') {
      // Not about one of our pending subscribes: a throttle says slow down.
      if (/limit|too many|rate/i.test(message)) pacer.holdUntil(now + THROTTLE_HOLD_MS);
      return;
    }
    // A subscribe refused (already subscribed, throttled, ...): try again as a resync, backing off.
    slot.attempts++;
    retry(slot, now, resyncDelay(slot.attempts, { ...opts.resyncBackoff, baseMs: Math.min(opts.resyncBackoff?.baseMs ?? THROTTLE_HOLD_MS, THROTTLE_HOLD_MS) }));
  }

  // --- links ---
  function onOpen(link: Link): void {
    everOpen = true;
    updateStatus();
    log.info({ link: link.index, url: wsUrl, markets: link.markets.size }, `${module.venue}: connected, subscribing`);
    for (const id of link.markets) {
      const slot = slots.get(id);
      if (slot) { slot.resub = false; enqueue(slot, link); }
    }
    pump(clock.now());
    markStarted();
  }

  function onClose(link: Link, code: number, wasOpen: boolean): void {
    for (const id of link.markets) {
      const slot = slots.get(id);
      tracker.idle(id);
      if (!slot) continue;
      releaseFlight(slot);
      const was = slot.state;
      slot.state = 'pending';
      slot.resub = false;
      if (wasOpen && was !== 'pending') invalidate(id, 'disconnect');
    }
    if (wasOpen && !stopped) limited('warn', `close-${link.index}`, { link: link.index, code, recycled: link.recycling() }, `${module.venue}: connection closed, its markets invalidated`);
    updateStatus();
  }

  function updateStatus(): void {
    if (stopped) { status = 'stopped'; return; }
    const used = pool.links.filter((l) => l.markets.size > 0);
    if (used.length > 0 && used.every((l) => l.isOpen())) status = 'connected';
    else status = everOpen ? 'reconnecting' : 'connecting';
  }

  // --- the market list ---
  /** Applies the selection to the known list: new markets placed and queued, dropped ones unsubscribed. */
  function choose(now: number): boolean {
    const { selected: next, missing } = selectMarkets(known ?? [], selection, kinds);
    if (missing.length > 0) limited('warn', 'missing-symbols', { missing: missing.slice(0, 20) }, `${module.venue}: symbols not among listed markets`);
    const keep = new Map(next.map((m) => [m.id, m]));
    let changed = false;
    for (const [id, slot] of slots) {
      const m = keep.get(id);
      if (m && sameMarket(m, slot.info)) continue;
      if (m) { slot.info = m; changed = true; continue; } // decimals changed: same subscription
      // Delisted or deselected: unsubscribe; its key is left to expire (TTL).
      changed = true;
      slots.delete(id);
      releaseFlight(slot);
      tracker.idle(id);
      const link = pool.release(id);
      if (link?.isOpen() && slot.state !== 'pending') queue.push({ op: 'unsub', market: id, link, info: slot.info });
      if (slot.state !== 'pending') invalidate(id, 'resubscribe');
    }
    unplaced = 0;
    for (const m of next) {
      if (slots.has(m.id)) continue;
      changed = true;
      const link = pool.assign(m.id);
      if (!link) { unplaced++; continue; }
      const slot: Slot = { info: m, state: 'pending', since: 0, inFlight: false, attempts: 0, retryAt: 0, stuckSince: 0, liveSince: 0, resub: false };
      slots.set(m.id, slot);
      if (link.isOpen()) enqueue(slot, link);
    }
    if (unplaced > 0) limited('warn', 'unplaced', { unplaced, maxConnections: maxLinks }, `${module.venue}: more markets than the venue's connection cap allows; some are not streamed`);
    const placed = next.filter((m) => slots.has(m.id));
    if (!sameMarkets(placed, selected)) changed = true;
    selected = placed;
    reserveForPings();
    for (const l of pool.links) if (l.state() === 'idle') l.tick(now); // dial new connections now, not at the next tick
    if (changed) pump(now);
    updateStatus();
    return changed;
  }

  async function refreshMarkets(): Promise<boolean> {
    if (refreshing) return refreshing;
    refreshing = (async () => {
      try {
        const list = await module.fetchMarkets({ restUrl, fetch: fetchFn, signal: rest.signal, timeoutMs: opts.restTimeoutMs ?? REST_TIMEOUT_MS });
        if (stopped) return false;
        c.refreshes++;
        lastRefreshAt = clock.now();
        if (list.skipped.length > 0) limited('warn', 'rest-skipped', { skipped: list.skipped.slice(0, 20) }, `${module.venue}: market list entries skipped`);
        const first = known === undefined;
        known = list.markets;
        if (choose(clock.now()) || first) announce();
        if (selected.length === 0) markStarted(); // nothing to connect: start() must not hang
        return true;
      } catch (err) {
        if (stopped) return false;
        c.refreshFailures++;
        limited('warn', 'rest', { err: err instanceof Error ? err.message : String(err), url: restUrl },
          known ? `${module.venue}: market list refresh failed, keeping the previous list` : `${module.venue}: market list failed, retrying`);
        return false;
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  }

  // --- the one timer ---
  function tick(): void {
    tickHandle = undefined;
    if (stopped) return;
    const now = clock.now();
    if (now >= nextRefreshAt && !refreshing) {
      nextRefreshAt = now + refreshMs;
      void refreshMarkets().then((ok) => {
        if (ok) listAttempt = 0;
        else if (!stopped) nextRefreshAt = Math.min(nextRefreshAt, clock.now() + Math.min(LIST_RETRY_MS, backoffDelay(listAttempt++, opts.backoff)));
      });
    }
    for (const link of pool.links) link.tick(now);
    let stuck = 0;
    for (const slot of slots.values()) {
      if (slot.state === 'awaiting' && now - slot.since > snapshotMs) {
        c.snapshotTimeouts++;
        slot.attempts++;
        limited('warn', 'snapshot-timeout', { market: slot.info.id, attempts: slot.attempts }, `${module.venue}: no snapshot after subscribe, backing off`);
        retry(slot, now, resyncDelay(slot.attempts, opts.resyncBackoff));
      } else if (slot.state === 'backoff' && now >= slot.retryAt) {
        const link = pool.linkOf(slot.info.id);
        if (link?.isOpen()) enqueue(slot, link); else slot.state = 'pending';
      }
      if (slot.stuckSince !== 0 && now - slot.stuckSince > snapshotMs) stuck++;
    }
    c.stuck = stuck;
    pump(now);
    updateStatus();
    tickHandle = clock.setTimeout(tick, tickMs);
  }

  const view = (): FeedView => {
    const now = clock.now();
    const use = pacer.use(now);
    const fin = (n: number) => (n === Infinity ? null : n);
    const symbolOf = (id: number) => slots.get(id)?.info.symbol ?? known?.find((m) => m.id === id)?.symbol ?? String(id);
    const stuck: FeedView['stuck'] = [];
    for (const s of slots.values()) {
      if (s.stuckSince === 0 || now - s.stuckSince <= snapshotMs || (s.state !== 'awaiting' && s.state !== 'backoff')) continue;
      stuck.push({ market: s.info.id, symbol: s.info.symbol, stuckMs: now - s.stuckSince, attempts: s.attempts, state: s.state, retryInMs: s.state === 'backoff' ? Math.max(0, s.retryAt - now) : 0 });
    }
    stuck.sort((a, b) => b.stuckMs - a.stuckMs);
    return {
      venue: module.venue,
      url: wsUrl,
      marketsPerConnection: perConnection,
      connections: pool.links.map((l) => {
        let live = 0;
        for (const id of l.markets) if (slots.get(id)?.state === 'live') live++;
        return { index: l.index, state: l.state(), markets: l.markets.size, live, ageMs: l.age(now), reconnects: l.reconnects(), recycles: l.recycles() };
      }),
      budget: {
        messages: use.messages, messageBudget: fin(use.messageBudget), messageWindowMs: windowMs,
        inFlight: use.inFlight, inFlightBudget: fin(use.inFlightBudget),
        connections: use.connections, connectionBudget: fin(use.connectionBudget), held: use.held,
      },
      venueErrors: errors.list().map((t) => ({
        code: t.code, count: t.count, lastMessage: t.lastMessage,
        markets: [...t.markets].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([market, count]) => ({ market, symbol: symbolOf(market), count })),
      })),
      stuck,
      unplaced,
      lastRefreshAt,
      refreshes: c.refreshes,
      refreshFailures: c.refreshFailures,
    };
  };

  return {
    venue: module.venue,
    url: wsUrl,
    start(l) {
      if (status !== 'idle') return Promise.reject(new Error(`${module.venue} feed: start() in status ${status}`));
      listener = l;
      status = 'connecting';
      const started = new Promise<void>((resolve) => { markStarted = resolve; });
      tick();
      return started;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      status = 'stopped';
      markStarted();
      rest.abort();
      if (tickHandle !== undefined) { clock.clearTimeout(tickHandle); tickHandle = undefined; }
      await Promise.all(pool.links.map((l) => l.stop(CLOSE_GRACE_MS)));
      await refreshing?.catch(() => {});
    },
    setMarkets(symbols) {
      selection = [...symbols];
      if (!stopped && known !== undefined && choose(clock.now())) announce();
    },
    setKinds(next) {
      kinds = next.length > 0 ? [...next] : ['perp'];
      if (!stopped && known !== undefined && choose(clock.now())) announce();
    },
    markets: () => selected,
    available: () => known ?? [],
    status: () => status,
    counters: () => {
      let reconnects = 0;
      for (const l of pool.links) reconnects += l.reconnects();
      return { ...c, reconnects };
    },
    view,
    refreshMarkets,
  };
}

export { kindOf };
