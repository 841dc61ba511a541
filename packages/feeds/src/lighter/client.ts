// The Lighter adapter's connection side: market list over REST, one WebSocket for every
// selected market, continuity checks per market, resync of a single market on a gap,
// reconnect with backoff, a silence watchdog. Parsing lives in parse.ts (no I/O there).
import type { BookEvent, FeedListener, FeedStatus, InvalidateReason, MarketInfo } from '@ob/core';
import { backoffDelay, HEALTHY_RESET_MS } from '../backoff';
import { createLogLimiter, systemClock } from '../runtime';
import { subscribeMsg, unsubscribeMsg } from './frames';
import { fetchMarketList, REST_TIMEOUT_MS, sameMarkets, selectMarkets } from './markets';
import type { LighterCounters, LighterFeed, LighterFeedOptions } from './options';
import { parseLighterFrame } from './parse';
import { AWAITING, createMarketTracker, DELIVER, GAP, IDLE } from './tracker';
import { connectWebSocket, type ClientWebSocket } from '../ws/web-socket';

/** Frames bigger than this are refused before parsing (closed with 1009; we reconnect). */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
/** No frame at all for this long = a dead connection (the venue sends ~every 50 ms per market). */
export const SILENCE_TIMEOUT_MS = 15_000;
/** Our own keepalive, as the venue's SDK does. */
export const PING_INTERVAL_MS = 30_000;
/** A (re)subscribed market without a snapshot after this long is resubscribed again. */
export const SNAPSHOT_TIMEOUT_MS = 10_000;
export const CONNECT_TIMEOUT_MS = 10_000;
/** stop() waits this long for the close handshake before cutting the socket. */
export const CLOSE_GRACE_MS = 1_000;
/** Unknown frame types are logged once per name, for at most this many names. */
export const MAX_LOGGED_TYPE_NAMES = 256;

const PING = '{"type":"ping"}';
const PONG = '{"type":"pong"}';

export function createLighterFeed(opts: LighterFeedOptions): LighterFeed {
  const clock = opts.clock ?? systemClock;
  const log = opts.log;
  const limited = createLogLimiter(log, clock);
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const silenceMs = opts.silenceTimeoutMs ?? SILENCE_TIMEOUT_MS;
  const pingMs = opts.pingIntervalMs ?? PING_INTERVAL_MS;
  const snapshotMs = opts.snapshotTimeoutMs ?? SNAPSHOT_TIMEOUT_MS;
  // The watchdog, pings and snapshot timeouts share one timer, ticking often enough for the shortest.
  const tickMs = Math.max(5, Math.min(1_000, Math.floor(Math.min(silenceMs, pingMs, snapshotMs) / 4)));

  const c: LighterCounters = {
    messages: 0, bytes: 0, bookEvents: 0, parseErrors: 0, unknownTypes: 0,
    gaps: 0, resyncs: 0, reconnects: 0, oversizeFrames: 0, venueErrors: 0,
  };
  const tracker = createMarketTracker();
  const { phase, awaitingSince } = tracker;
  const loggedTypes = new Set<string>();

  let status: FeedStatus = 'idle';
  let listener: FeedListener | undefined;
  let stopped = false;
  let known: MarketInfo[] | undefined;
  let selection: readonly string[] = opts.symbols ?? [];
  let selected: MarketInfo[] = [];
  let ws: ClientWebSocket | undefined;
  let lastFrameAt = 0;
  let lastPingAt = 0;
  let tickHandle: unknown;
  /** stop()'s deadline for the close handshake. */
  let cutHandle: unknown;
  let sleepHandle: unknown;
  let wake: (() => void) | undefined;
  let markStarted: () => void = () => {};
  let runDone: Promise<void> = Promise.resolve();
  const rest = new AbortController();

  // --- listener calls: guarded, so a throwing engine cannot kill the socket handlers ---
  const deliver = (ev: BookEvent) => {
    c.bookEvents++;
    try { listener!.event(ev); } catch (err) { limited('error', 'listener', { err: String(err) }, 'lighter: listener.event threw'); }
  };
  const invalidate = (id: number, reason: InvalidateReason) => {
    if (stopped || !listener) return;
    try { listener.invalidate(id, reason); } catch (err) { limited('error', 'listener', { err: String(err) }, 'lighter: listener.invalidate threw'); }
  };
  const wakeListener = () => {
    if (stopped || !listener?.wake) return;
    try { listener.wake(); } catch (err) { limited('error', 'listener', { err: String(err) }, 'lighter: listener.wake threw'); }
  };
  const announce = () => {
    if (stopped || !listener) return;
    try { listener.markets(selected); } catch (err) { limited('error', 'listener', { err: String(err) }, 'lighter: listener.markets threw'); }
  };

  const send = (text: string) => {
    if (ws?.isOpen) ws.send(text);
  };

  /** Asks the venue for a fresh snapshot of one market, leaving the others alone. */
  const resync = (id: number) => {
    c.resyncs++;
    tracker.await(id, clock.now());
    send(unsubscribeMsg(id));
    send(subscribeMsg(id));
  };

  const choose = (): boolean => {
    const { selected: chosen, missing } = selectMarkets(known ?? [], selection);
    const next = opts.accept ? chosen.filter(opts.accept) : chosen;
    if (missing.length > 0) limited('warn', 'missing-symbols', { missing: missing.slice(0, 20) }, 'lighter: symbols not among active markets');
    const changed = !sameMarkets(selected, next);
    selected = next;
    return changed;
  };

  // Frames of one socket read are handed over in one synchronous burst: one clock read serves
  // them all (per frame it was ~2 % of the firehose profile); a microtask ends the burst and
  // tells the listener (listener.wake), so a flush due about now shares this wake-up and writes
  // books with the whole read applied.
  let burstNow = -1;
  const endBurst = () => { burstNow = -1; wakeListener(); };

  // --- the hot path: one call per frame, no closures, state in typed arrays ---
  function onMessage(text: string, bytes: number): void {
    if (stopped) return;
    if (burstNow < 0) { burstNow = clock.now(); queueMicrotask(endBurst); }
    const now = burstNow;
    lastFrameAt = now;
    c.messages++;
    c.bytes += bytes;
    let f;
    try { f = parseLighterFrame(text, now); } catch (err) { f = { type: 'invalid', reason: `parser threw: ${String(err)}` } as const; }
    switch (f.type) {
      case 'book': {
        const ev = f.event;
        const v = tracker.check(ev);
        if (v === DELIVER) deliver(ev);
        else if (v === GAP) {
          c.gaps++;
          limited('warn', 'gap', { market: ev.market, prevSeq: ev.prevSeq, seq: ev.seq }, 'lighter: sequence gap, resyncing market');
          invalidate(ev.market, 'gap');
          resync(ev.market);
        }
        return;
      }
      case 'ping': send(PONG); return;
      case 'pong': case 'connected': return;
      case 'unknown':
        c.unknownTypes++;
        if (!loggedTypes.has(f.name) && loggedTypes.size < MAX_LOGGED_TYPE_NAMES) {
          loggedTypes.add(f.name);
          log.info({ type: f.name.slice(0, 64) }, 'lighter: unknown frame type, skipped');
        }
        return;
      case 'invalid':
        c.parseErrors++;
        limited('warn', 'parse', { reason: f.reason, frame: text.slice(0, 120) }, 'lighter: unparseable frame skipped');
        return;
      case 'error':
        c.venueErrors++;
        limited('warn', 'venue-error', { message: f.message.slice(0, 200) }, 'lighter: venue sent an error');
        return;
    }
  }

  function onError(err: Error & { code?: string }): void {
    if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') c.oversizeFrames++;
    if (!stopped) limited('warn', 'ws-error', { err: err.message, code: err.code }, 'lighter: websocket error');
  }

  function tick(): void {
    tickHandle = undefined;
    const sock = ws;
    if (stopped || !sock?.isOpen) return;
    const now = clock.now();
    if (now - lastFrameAt > silenceMs) {
      limited('warn', 'silence', { silentMs: now - lastFrameAt }, 'lighter: no frame within the silence timeout, reconnecting');
      sock.terminate();
      return;
    }
    if (now - lastPingAt >= pingMs) { lastPingAt = now; send(PING); }
    for (const m of selected) {
      if (phase[m.id] === AWAITING && now - awaitingSince[m.id]! > snapshotMs) {
        limited('warn', 'snapshot-timeout', { market: m.id }, 'lighter: no snapshot after subscribe, resubscribing');
        resync(m.id);
      }
    }
    tickHandle = clock.setTimeout(tick, tickMs);
  }

  /** One connection, from dial to close. Resolves with how long it was open (-1: never opened). */
  function connectOnce(): Promise<number> {
    return new Promise((resolve) => {
      let sock: ClientWebSocket;
      let openedAt = -1;
      try {
        // The parser checks every frame's grammar and keeps only digit-validated strings (prices,
        // sizes, the channel's id), so frames are not UTF-8 validated first: a bad byte decodes to
        // U+FFFD and the frame is refused or only logged, not the connection closed.
        sock = connectWebSocket(opts.wsUrl, {
          maxPayload: opts.maxFrameBytes ?? MAX_FRAME_BYTES,
          handshakeTimeoutMs: opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
        }, {
          open() {
            if (stopped) return;
            const now = clock.now();
            openedAt = now;
            lastFrameAt = now;
            lastPingAt = now;
            status = 'connected';
            log.info({ url: opts.wsUrl, markets: selected.length }, 'lighter: connected, subscribing');
            for (const m of selected) { tracker.await(m.id, now); send(subscribeMsg(m.id)); }
            tickHandle = clock.setTimeout(tick, tickMs);
            markStarted();
          },
          message: onMessage,
          error: onError,
          close(code) {
            if (ws === sock) ws = undefined;
            if (tickHandle !== undefined) { clock.clearTimeout(tickHandle); tickHandle = undefined; }
            if (cutHandle !== undefined) { clock.clearTimeout(cutHandle); cutHandle = undefined; }
            const wasOpen = openedAt >= 0;
            for (const m of selected) {
              const p = phase[m.id];
              tracker.idle(m.id);
              if (wasOpen && p !== IDLE) invalidate(m.id, 'disconnect');
            }
            if (wasOpen && !stopped) log.warn({ code }, 'lighter: connection closed, markets invalidated');
            resolve(wasOpen ? clock.now() - openedAt : -1);
          },
        });
      } catch (err) {
        limited('error', 'ws-url', { err: String(err) }, 'lighter: cannot open the websocket');
        resolve(-1);
        return;
      }
      ws = sock;
    });
  }

  /** Fetches the list; on failure keeps the previous one. False when there is none yet. */
  async function refreshMarkets(): Promise<boolean> {
    try {
      const list = await fetchMarketList(opts.restUrl, fetchFn, rest.signal, opts.restTimeoutMs ?? REST_TIMEOUT_MS);
      if (stopped) return false;
      if (list.skipped.length > 0) limited('warn', 'rest-skipped', { skipped: list.skipped.slice(0, 20) }, 'lighter: market list entries skipped');
      known = list.markets;
      if (choose() || status === 'connecting') announce();
      return true;
    } catch (err) {
      if (stopped) return false;
      limited('warn', 'rest', { err: err instanceof Error ? err.message : String(err), url: opts.restUrl },
        known ? 'lighter: market list refresh failed, keeping the previous list' : 'lighter: market list failed, retrying');
      return known !== undefined;
    }
  }

  const sleep = (ms: number) => new Promise<void>((resolve) => {
    wake = resolve;
    sleepHandle = clock.setTimeout(() => { sleepHandle = undefined; wake = undefined; resolve(); }, ms);
  });

  async function run(): Promise<void> {
    let attempt = 0;
    let everOpen = false;
    let dialed = false;
    while (!stopped) {
      if (await refreshMarkets()) {
        if (stopped) break;
        if (dialed) c.reconnects++;
        dialed = true;
        const lived = await connectOnce();
        if (lived >= 0) everOpen = true;
        if (lived >= HEALTHY_RESET_MS) attempt = 0;
      }
      if (stopped) break;
      status = everOpen ? 'reconnecting' : 'connecting';
      await sleep(backoffDelay(attempt++, opts.backoff));
    }
  }

  const feed: LighterFeed = {
    venue: 'lighter',
    url: opts.wsUrl,
    start(l) {
      if (status !== 'idle') return Promise.reject(new Error(`lighter feed: start() in status ${status}`));
      listener = l;
      status = 'connecting';
      const started = new Promise<void>((resolve) => { markStarted = resolve; });
      runDone = run().catch((err) => { log.error({ err: String(err) }, 'lighter: feed loop failed'); });
      return started;
    },
    async stop() {
      if (stopped) return runDone;
      stopped = true;
      status = 'stopped';
      markStarted();
      rest.abort();
      if (sleepHandle !== undefined) { clock.clearTimeout(sleepHandle); sleepHandle = undefined; }
      wake?.();
      if (tickHandle !== undefined) { clock.clearTimeout(tickHandle); tickHandle = undefined; }
      const sock = ws;
      if (sock) {
        cutHandle = clock.setTimeout(() => sock.terminate(), CLOSE_GRACE_MS);
        sock.close(1000);
      }
      await runDone;
    },
    setMarkets(symbols) {
      selection = [...symbols];
      if (stopped || known === undefined) return;
      const before = selected;
      if (!choose()) return;
      if (ws?.isOpen) {
        const keep = new Set(selected.map((m) => m.id));
        const had = new Set(before.map((m) => m.id));
        const now = clock.now();
        for (const m of before) {
          if (keep.has(m.id)) continue;
          tracker.idle(m.id);
          send(unsubscribeMsg(m.id));
          invalidate(m.id, 'resubscribe');
        }
        for (const m of selected) if (!had.has(m.id)) { tracker.await(m.id, now); send(subscribeMsg(m.id)); }
      }
      announce();
    },
    markets: () => selected,
    available: () => known ?? [],
    status: () => status,
    counters: () => ({ ...c }),
  };
  return feed;
}
