// The feed's connections: the pool of links (each dialled, pinged and recycled by link.ts) and
// what their opens and closes mean for the markets on them. An open queues the link's markets;
// a close invalidates them (a resubscribe follows the reconnect); only one link recycles for age
// at a time, and only while every other is up.
import type { BookEvent, Clock, FeedStatus } from '@ob/core';
import type { FeedContext, Limited } from './context';
import type { OnMessage } from './frames';
import { createLink, type Connect, type Link } from './link';
import type { Pacer } from './pacer';
import { createPool, type Pool } from './pool';
import { CONNECT_TIMEOUT_MS, MAX_FRAME_BYTES, type FeedSettings, type VenueFeedOptions } from './settings';
import type { Subscriptions } from './subscriptions';

export interface LinkEvents {
  onMessage: OnMessage;
  onOpen(link: Link): void;
  onClose(link: Link, code: number, wasOpen: boolean): void;
  onError(link: Link, err: Error & { code?: string }): void;
  mayRecycle(link: Link): boolean;
}

interface PoolDeps {
  venue: string;
  ping: string;
  settings: FeedSettings;
  opts: VenueFeedOptions;
  clock: Clock;
  connect: Connect;
  pacer: Pacer;
  limited: Limited;
}

/** The pool; its links report to `events()`, which is asked only once a link exists (the feed's parts are built by then). */
export function createConnectionPool(d: PoolDeps, events: () => LinkEvents): Pool {
  const s = d.settings;
  return createPool(s.perConnection, s.maxLinks, (index) => createLink({
    index, url: s.wsUrl, clock: d.clock, connect: d.connect, pacer: d.pacer, ping: d.ping,
    pingIntervalMs: s.pingMs, pongTimeoutMs: s.pongMs, recycleAgeMs: s.recycleAge, sendsPerSecond: s.sendsPerSecond,
    backoff: d.opts.backoff,
    socketOpts: { maxPayload: d.opts.maxFrameBytes ?? MAX_FRAME_BYTES, handshakeTimeoutMs: d.opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS },
    onMessage: (link, text, bytes) => events().onMessage(link, text, bytes),
    onOpen: (link) => events().onOpen(link),
    onClose: (link, code, wasOpen) => events().onClose(link, code, wasOpen),
    onError: (link, err) => events().onError(link, err),
    mayRecycle: (link) => events().mayRecycle(link),
    log: (level, key, obj, msg) => d.limited(level, key, obj, `${d.venue}: ${msg.replace(/^feed: /, '')}`),
  }));
}

export interface Connections extends LinkEvents {
  status(): FeedStatus;
  updateStatus(): void;
  /** Keeps room in the message budget for every used link's pings and pongs. */
  reserveForPings(): void;
}

export function createConnections<E extends BookEvent>(ctx: FeedContext<E>, subs: Subscriptions, onMessage: OnMessage, started: () => void): Connections {
  const { pool, module, settings, clock, limited, c } = ctx;
  let status: FeedStatus = 'connecting';
  let everOpen = false;
  let lastRecycleAt = -Infinity;

  const updateStatus = () => {
    if (ctx.stopped) { status = 'stopped'; return; }
    const used = pool.links.filter((l) => l.markets.size > 0);
    if (used.length > 0 && used.every((l) => l.isOpen())) status = 'connected';
    else status = everOpen ? 'reconnecting' : 'connecting';
  };

  return {
    onMessage,
    status: () => status,
    updateStatus,
    reserveForPings() {
      const links = pool.links.filter((l) => l.markets.size > 0).length;
      // Our pings, and as many pongs for the venue's own pings, per window; plus one spare.
      ctx.pacer.reserve(links * 2 * Math.ceil(settings.windowMs / settings.pingMs) + 1);
    },
    onOpen(link) {
      everOpen = true;
      updateStatus();
      ctx.log.info({ link: link.index, url: settings.wsUrl, markets: link.markets.size }, `${module.venue}: connected, subscribing`);
      for (const id of link.markets) {
        const slot = ctx.slots.get(id);
        if (slot) { slot.resub = false; subs.enqueue(slot, link); }
      }
      subs.pump(clock.now());
      started();
    },
    onClose(link, code, wasOpen) {
      for (const id of link.markets) {
        const slot = ctx.slots.get(id);
        ctx.tracker.idle(id);
        if (!slot) continue;
        const was = slot.state;
        subs.onLinkClosed(slot);
        if (wasOpen && was !== 'pending') ctx.invalidate(id, 'disconnect');
      }
      if (wasOpen && !ctx.stopped) limited('warn', `close-${link.index}`, { link: link.index, code, recycled: link.recycling() }, `${module.venue}: connection closed, its markets invalidated`);
      updateStatus();
    },
    onError(link, err) {
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') c.oversizeFrames++;
      if (!ctx.stopped) limited('warn', 'ws-error', { link: link.index, err: err.message, code: err.code }, `${module.venue}: websocket error`);
    },
    mayRecycle(link) {
      const now = clock.now();
      if (now - lastRecycleAt < settings.recycleGap) return false;
      // One at a time, and only while every other connection is up.
      if (pool.links.some((l) => l !== link && (l.recycling() || (l.markets.size > 0 && !l.isOpen())))) return false;
      lastRecycleAt = now;
      return true;
    },
  };
}
