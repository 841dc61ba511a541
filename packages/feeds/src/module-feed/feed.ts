// A FeedSource over any venue module (module.ts): the market list from the venue's REST, the
// selected markets spread over as many sockets as the venue's per-connection cap needs, client
// messages paced per socket, our pings and a silence watchdog, continuity per market through the
// module's tracker, a resync of one market alone on a gap or checksum mismatch (backing off per
// market), REST snapshots for venues that need them (Binance, paced by its weight budget), and
// reconnects with backoff per socket. The smallest adapter that wires the issue-15 modules into
// the engine; the connection layer of issue 14 (connection/) is meant to take its place.
import type { BookEvent, FeedCounters, FeedListener, FeedSource, FeedStatus, InvalidateReason, MarketInfo } from '@ob/core';
import { backoffDelay, type BackoffOptions } from '../backoff';

/** A socket that lived this long was healthy: its next failure backs off from the base delay again. */
export const HEALTHY_RESET_MS = 60_000;
import { createLogLimiter, systemClock, type Clock, type FeedLogger } from '../runtime';
import { connectWebSocket, type ClientWebSocket } from '../ws/web-socket';
import { AWAITING, CHECKSUM, DELIVER, GAP, type FeedModule, type ModuleTracker, type RestSync } from './module';
import { selectSymbols, spread } from './select';

export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
export const CONNECT_TIMEOUT_MS = 10_000;
export const REST_TIMEOUT_MS = 10_000;
/** A subscribed market without a snapshot after this long is resynced (with its own backoff). */
export const SNAPSHOT_TIMEOUT_MS = 10_000;
/** No frame at all (pongs included) for this many ping intervals: the socket is dead. */
export const SILENT_PINGS = 3;
/** One market's resyncs back off from this, doubling, so a stuck market cannot eat the message budget. */
export const RESYNC_BASE_MS = 1_000;
export const RESYNC_MAX_MS = 60_000;
/** Sockets of one venue are dialled this far apart (venues limit new connections per second). */
export const DIAL_STAGGER_MS = 400;
export const CLOSE_GRACE_MS = 1_000;
/** Venue error codes counted by code, at most this many codes. */
export const MAX_ERROR_CODES = 64;
const MAX_LOGGED_TYPE_NAMES = 256;

export interface ModuleFeedOptions {
  module: FeedModule;
  wsUrl: string;
  restUrl: string;
  symbols?: readonly string[];
  log: FeedLogger;
  clock?: Clock;
  fetch?: typeof fetch;
  /** Tests: shorter cadences than the venue's. */
  pingIntervalMs?: number;
  snapshotTimeoutMs?: number;
  resyncBaseMs?: number;
  maxFrameBytes?: number;
  backoff?: BackoffOptions;
}

export interface ModuleCounters extends FeedCounters {
  venueErrors: number;
  checksumMismatches: number;
  snapshotRequests: number;
  snapshotFailures: number;
  /** Sockets open now (a gauge among the counters). */
  connections: number;
}

export interface ModuleFeed extends FeedSource {
  counters(): Readonly<ModuleCounters>;
  /** The module's own counters and ours beyond FeedCounters, flat, for stats and /metrics. */
  venueCounters(): Readonly<Record<string, number>>;
  /** Venue error frames by code. */
  errorCodes(): Readonly<Record<string, number>>;
  /** Every market the venue lists (markets() is the selected subset). */
  available(): readonly MarketInfo[];
}

interface Link {
  readonly index: number;
  markets: MarketInfo[];
  ws: ClientWebSocket | undefined;
  open: boolean;
  openedAt: number;
  lastFrameAt: number;
  lastPingAt: number;
  lastSendAt: number;
  queue: string[];
  pumpHandle: unknown;
  retryHandle: unknown;
  attempt: number;
  everOpen: boolean;
  closed: Promise<void>;
  retired: boolean;
}

export function createModuleFeed(opts: ModuleFeedOptions): ModuleFeed {
  const mod = opts.module;
  const venue = mod.venue;
  const clock = opts.clock ?? systemClock;
  const log = opts.log;
  const limited = createLogLimiter(log, clock);
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const pingMs = opts.pingIntervalMs ?? mod.pingIntervalMs;
  const snapshotMs = opts.snapshotTimeoutMs ?? SNAPSHOT_TIMEOUT_MS;
  const resyncBase = opts.resyncBaseMs ?? RESYNC_BASE_MS;
  const sendGapMs = 1000 / mod.messagesPerSecond;
  const tickMs = Math.max(5, Math.min(1_000, Math.floor(Math.min(pingMs, snapshotMs) / 4)));

  const c: ModuleCounters = {
    messages: 0, bytes: 0, bookEvents: 0, parseErrors: 0, unknownTypes: 0, gaps: 0, resyncs: 0, reconnects: 0,
    oversizeFrames: 0, venueErrors: 0, checksumMismatches: 0, snapshotRequests: 0, snapshotFailures: 0, connections: 0,
  };
  const errorCodes = new Map<string, number>();
  const loggedTypes = new Set<string>();
  const tracker: ModuleTracker = mod.createTracker();
  const rest = new AbortController();
  const sync: RestSync | undefined = mod.createRestSync?.(opts.restUrl, fetchFn, clock);

  let status: FeedStatus = 'idle';
  let listener: FeedListener | undefined;
  let stopped = false;
  let known: MarketInfo[] | undefined;
  let selection: readonly string[] = opts.symbols ?? [];
  let selected: MarketInfo[] = [];
  let links: Link[] = [];
  const linkOf = new Map<number, Link>();
  const byId = new Map<number, MarketInfo>();
  const awaitingSince = new Map<number, number>();
  const resyncAt = new Map<number, number>();
  const resyncTries = new Map<number, number>();
  const snapshotInFlight = new Set<number>();
  let tickHandle: unknown;
  let listHandle: unknown;
  let markStarted: () => void = () => {};

  // --- listener calls, guarded: a throwing engine must not kill the socket handlers ---
  const guard = (what: string, fn: () => void) => {
    try { fn(); } catch (err) { limited('error', 'listener', { err: String(err) }, `${venue}: listener.${what} threw`); }
  };
  const deliver = (ev: BookEvent) => {
    c.bookEvents++;
    if (ev.kind === 'snapshot') resyncTries.delete(ev.market);
    guard('event', () => listener!.event(ev));
  };
  const invalidate = (id: number, reason: InvalidateReason) => {
    if (!stopped && listener) guard('invalidate', () => listener!.invalidate(id, reason));
  };
  const announce = () => { if (!stopped && listener) guard('markets', () => listener!.markets(selected)); };
  let burst = false;
  const endBurst = () => { burst = false; if (!stopped && listener?.wake) guard('wake', () => listener!.wake!()); };

  // --- sending: one queue per socket, at most messagesPerSecond ---
  const pump = (link: Link) => {
    link.pumpHandle = undefined;
    if (!link.open || !link.ws) return;
    const now = clock.now();
    if (link.queue.length > 0 && now - link.lastSendAt >= sendGapMs) {
      link.ws.send(link.queue.shift()!);
      link.lastSendAt = now;
    }
    if (link.queue.length > 0) link.pumpHandle = clock.setTimeout(() => pump(link), Math.max(1, sendGapMs - (now - link.lastSendAt)));
  };
  const send = (link: Link, texts: readonly string[]) => {
    if (!link.open) return;
    link.queue.push(...texts);
    if (link.pumpHandle === undefined) pump(link);
  };

  const awaitSnapshot = (id: number, now: number) => {
    tracker.await(id, now);
    awaitingSince.set(id, now);
  };

  // --- resync of one market: REST snapshot (sync venues) or unsubscribe + subscribe ---
  const requestSnapshot = (id: number) => {
    const m = byId.get(id);
    if (!sync || !m || stopped || snapshotInFlight.has(id) || tracker.phaseOf(id) !== AWAITING) return;
    snapshotInFlight.add(id);
    c.snapshotRequests++;
    sync.snapshot(m, rest.signal).then((snap) => {
      snapshotInFlight.delete(id);
      if (stopped || !tracker.sync) return;
      const r = tracker.sync(snap);
      if (r.verdict === 'synced') for (const ev of r.deliver) deliver(ev);
      else if (r.verdict !== 'ignored') resync(id);
    }, (err: unknown) => {
      snapshotInFlight.delete(id);
      if (stopped) return;
      c.snapshotFailures++;
      limited('warn', 'snapshot', { market: m.symbol, err: err instanceof Error ? err.message : String(err) }, `${venue}: REST snapshot failed, retrying later`);
      resyncAt.set(id, clock.now() + backoffDelay(resyncTries.get(id) ?? 0, { baseMs: resyncBase, maxMs: RESYNC_MAX_MS }));
    });
  };

  const resyncNow = (id: number) => {
    const link = linkOf.get(id);
    const m = byId.get(id);
    if (!link?.open || !m) return;
    const now = clock.now();
    const tries = resyncTries.get(id) ?? 0;
    resyncTries.set(id, tries + 1);
    resyncAt.set(id, now + backoffDelay(tries, { baseMs: resyncBase, maxMs: RESYNC_MAX_MS }));
    c.resyncs++;
    if (sync) {
      if (tracker.phaseOf(id) !== AWAITING) awaitSnapshot(id, now);
      else awaitingSince.set(id, now);
      requestSnapshot(id);
      return;
    }
    awaitSnapshot(id, now);
    send(link, [...mod.unsubscribe([m]), ...mod.subscribe([m])]);
  };

  /** A resync now, or when the market's backoff allows (the tick picks it up). */
  const resync = (id: number) => {
    const due = resyncAt.get(id) ?? 0;
    if (clock.now() >= due) resyncNow(id);
    else awaitingSince.set(id, -1); // marks it for the tick: resync as soon as due
  };

  // --- frames ---
  const onMessage = (link: Link, text: string, bytes: number) => {
    if (stopped) return;
    const now = clock.now();
    if (!burst) { burst = true; queueMicrotask(endBurst); }
    link.lastFrameAt = now;
    c.messages++;
    c.bytes += bytes;
    let f;
    try { f = mod.parse(text, now); } catch (err) { f = { type: 'invalid', reason: `parser threw: ${String(err)}` } as const; }
    switch (f.type) {
      case 'book': {
        const ev = f.event;
        const v = tracker.check(ev);
        if (v === DELIVER) { deliver(ev); return; }
        if (v !== GAP && v !== CHECKSUM) return;
        if (v === GAP) c.gaps++;
        else c.checksumMismatches++;
        limited('warn', v === GAP ? 'gap' : 'checksum', { market: byId.get(ev.market)?.symbol ?? ev.market, prevSeq: ev.prevSeq, seq: ev.seq },
          `${venue}: ${v === GAP ? 'sequence gap' : 'checksum mismatch'}, resyncing that market`);
        invalidate(ev.market, 'gap');
        resync(ev.market);
        return;
      }
      case 'ack':
        if (sync) for (const id of f.markets) requestSnapshot(id);
        return;
      case 'ping': send(link, [f.reply]); return;
      case 'pong': case 'connected': return;
      case 'error': {
        c.venueErrors++;
        if (errorCodes.has(f.code) || errorCodes.size < MAX_ERROR_CODES) errorCodes.set(f.code, (errorCodes.get(f.code) ?? 0) + 1);
        limited('warn', `venue-error:${f.code}`, { code: f.code, message: f.message.slice(0, 200) }, `${venue}: venue sent an error`);
        return;
      }
      case 'unknown':
        c.unknownTypes++;
        if (!loggedTypes.has(f.name) && loggedTypes.size < MAX_LOGGED_TYPE_NAMES) {
          loggedTypes.add(f.name);
          log.info({ type: f.name.slice(0, 64) }, `${venue}: unknown frame type, skipped`);
        }
        return;
      case 'invalid':
        c.parseErrors++;
        limited('warn', 'parse', { reason: f.reason, frame: text.slice(0, 120) }, `${venue}: malformed frame skipped`);
        return;
    }
  };

  const updateStatus = () => {
    if (stopped) { status = 'stopped'; return; }
    const open = links.filter((l) => l.open).length;
    c.connections = open;
    if (links.length > 0 && open === links.length) status = 'connected';
    else if (links.some((l) => l.everOpen)) status = 'reconnecting';
    else status = 'connecting';
  };

  // --- one socket ---
  const dial = (link: Link) => {
    link.retryHandle = undefined;
    if (stopped || link.retired) return;
    let done: () => void = () => {};
    link.closed = new Promise((r) => { done = r; });
    try {
      link.ws = connectWebSocket(opts.wsUrl, { maxPayload: opts.maxFrameBytes ?? MAX_FRAME_BYTES, handshakeTimeoutMs: CONNECT_TIMEOUT_MS }, {
        open() {
          if (stopped || link.retired) { link.ws?.close(1000); return; }
          const now = clock.now();
          Object.assign(link, { open: true, everOpen: true, openedAt: now, lastFrameAt: now, lastPingAt: now, lastSendAt: -Infinity, queue: [] });
          for (const m of link.markets) awaitSnapshot(m.id, now);
          log.info({ url: opts.wsUrl, socket: link.index, markets: link.markets.length }, `${venue}: connected, subscribing`);
          send(link, mod.subscribe(link.markets));
          updateStatus();
          markStarted();
        },
        message: (text, bytes) => onMessage(link, text, bytes),
        error(err) {
          if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') c.oversizeFrames++;
          if (!stopped) limited('warn', 'ws-error', { err: err.message, code: err.code }, `${venue}: websocket error`);
        },
        close(code) {
          const wasOpen = link.open;
          const lived = wasOpen ? clock.now() - link.openedAt : -1;
          link.open = false;
          link.ws = undefined;
          link.queue = [];
          if (link.pumpHandle !== undefined) { clock.clearTimeout(link.pumpHandle); link.pumpHandle = undefined; }
          for (const m of link.markets) {
            const was = tracker.phaseOf(m.id);
            tracker.idle(m.id);
            awaitingSince.delete(m.id);
            if (wasOpen && was !== 0) invalidate(m.id, 'disconnect');
          }
          updateStatus();
          done();
          if (stopped || link.retired) return;
          if (wasOpen) log.warn({ code, socket: link.index }, `${venue}: connection closed, its markets invalidated`);
          if (lived >= HEALTHY_RESET_MS) link.attempt = 0;
          c.reconnects++;
          link.retryHandle = clock.setTimeout(() => dial(link), backoffDelay(link.attempt++, opts.backoff));
        },
      });
    } catch (err) {
      limited('error', 'ws-url', { err: String(err) }, `${venue}: cannot open the websocket`);
      done();
    }
  };

  const buildLinks = () => {
    links = spread(selected, mod.perConnection).map((markets, index) => ({
      index, markets, ws: undefined, open: false, openedAt: 0, lastFrameAt: 0, lastPingAt: 0, lastSendAt: -Infinity,
      queue: [], pumpHandle: undefined, retryHandle: undefined, attempt: 0, everOpen: false, closed: Promise.resolve(), retired: false,
    }));
    linkOf.clear();
    for (const l of links) for (const m of l.markets) linkOf.set(m.id, l);
    links.forEach((l, i) => { l.retryHandle = clock.setTimeout(() => dial(l), i * DIAL_STAGGER_MS); });
    updateStatus();
  };

  const retire = async (old: Link[]) => {
    for (const l of old) {
      l.retired = true;
      if (l.retryHandle !== undefined) { clock.clearTimeout(l.retryHandle); l.retryHandle = undefined; }
      const sock = l.ws;
      if (sock) {
        const cut = clock.setTimeout(() => sock.terminate(), CLOSE_GRACE_MS);
        sock.close(1000);
        await l.closed;
        clock.clearTimeout(cut);
      }
    }
  };

  function tick(): void {
    tickHandle = undefined;
    if (stopped) return;
    const now = clock.now();
    for (const l of links) {
      if (!l.open || !l.ws) continue;
      if (mod.ping !== undefined) {
        if (now - l.lastFrameAt > SILENT_PINGS * pingMs) {
          limited('warn', 'silence', { socket: l.index, silentMs: now - l.lastFrameAt }, `${venue}: our pings went unanswered, reconnecting`);
          l.ws.terminate();
          continue;
        }
        if (now - l.lastPingAt >= pingMs) { l.lastPingAt = now; send(l, [mod.ping]); }
      }
    }
    for (const [id, since] of awaitingSince) {
      if (tracker.phaseOf(id) !== AWAITING) { awaitingSince.delete(id); continue; }
      if (snapshotInFlight.has(id)) continue;
      const overdue = since < 0 || now - since > snapshotMs;
      if (overdue && now >= (resyncAt.get(id) ?? 0)) {
        if (since >= 0) limited('warn', 'snapshot-timeout', { market: byId.get(id)?.symbol ?? id }, `${venue}: no snapshot in time, resyncing that market`);
        resyncNow(id);
      }
    }
    tickHandle = clock.setTimeout(tick, tickMs);
  }

  async function loadMarkets(): Promise<void> {
    let attempt = 0;
    while (!stopped) {
      try {
        const list = await mod.fetchMarkets({ restUrl: opts.restUrl, fetch: fetchFn, signal: rest.signal, timeoutMs: REST_TIMEOUT_MS });
        if (stopped) return;
        if (list.skipped.length > 0) limited('warn', 'rest-skipped', { skipped: list.skipped.slice(0, 20) }, `${venue}: market list entries skipped`);
        known = list.markets;
        for (const m of known) byId.set(m.id, m);
        return;
      } catch (err) {
        if (stopped) return;
        limited('warn', 'rest', { err: err instanceof Error ? err.message : String(err), url: opts.restUrl }, `${venue}: market list failed, retrying`);
        await new Promise<void>((resolve) => { listHandle = clock.setTimeout(() => { listHandle = undefined; resolve(); }, backoffDelay(attempt++, opts.backoff)); });
      }
    }
  }

  const choose = () => {
    const { selected: next, missing } = selectSymbols(known ?? [], selection);
    if (missing.length > 0) limited('warn', 'missing-symbols', { missing: missing.slice(0, 20) }, `${venue}: symbols the venue does not list`);
    const same = next.length === selected.length && next.every((m, i) => m.id === selected[i]!.id);
    selected = next;
    return !same;
  };

  const feed: ModuleFeed = {
    venue,
    url: opts.wsUrl,
    start(l) {
      if (status !== 'idle') return Promise.reject(new Error(`${venue} feed: start() in status ${status}`));
      listener = l;
      status = 'connecting';
      const started = new Promise<void>((resolve) => { markStarted = resolve; });
      void loadMarkets().then(() => {
        if (stopped) return;
        choose();
        announce();
        if (selected.length === 0) { log.warn({}, `${venue}: no market selected`); markStarted(); }
        buildLinks();
        tickHandle = clock.setTimeout(tick, tickMs);
      }).catch((err: unknown) => log.error({ err: String(err) }, `${venue}: feed start failed`));
      return started;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      status = 'stopped';
      markStarted();
      rest.abort();
      if (tickHandle !== undefined) clock.clearTimeout(tickHandle);
      if (listHandle !== undefined) clock.clearTimeout(listHandle);
      await retire(links);
      updateStatus();
    },
    setMarkets(symbols) {
      selection = [...symbols];
      if (stopped || known === undefined) return;
      const before = selected;
      if (!choose()) return;
      const keep = new Set(selected.map((m) => m.id));
      for (const m of before) if (!keep.has(m.id)) { tracker.idle(m.id); invalidate(m.id, 'resubscribe'); }
      announce();
      // A new selection is rare (an operator's change): new sockets for it, the old ones closed.
      const old = links;
      void retire(old).then(() => { if (!stopped) buildLinks(); });
    },
    markets: () => selected,
    available: () => known ?? [],
    status: () => status,
    counters: () => ({ ...c }),
    venueCounters() {
      const out: Record<string, number> = {
        venueErrors: c.venueErrors, checksumMismatches: c.checksumMismatches, snapshotRequests: c.snapshotRequests,
        snapshotFailures: c.snapshotFailures, connections: c.connections, sockets: links.length,
      };
      for (const [k, v] of Object.entries(tracker.counters())) if (typeof v === 'number') out[k] = v;
      if (sync) for (const [k, v] of Object.entries(sync.counters())) if (typeof v === 'number') out[`rest.${k}`] = v;
      return out;
    },
    errorCodes: () => Object.fromEntries(errorCodes),
  };
  return feed;
}
