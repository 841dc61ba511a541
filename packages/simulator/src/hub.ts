// The venue's side of every WebSocket: the Lighter client protocol (subscribe, unsubscribe,
// ping), per-client subscriptions, fan-out of the central updates, and the slow-client rule.
import type { RawData, WebSocket } from 'ws';
import type { FrameGenerator } from './generator';

/**
 * A client whose unsent backlog grows past this is disconnected, as a real venue drops a slow
 * consumer. The alternative (skipping frames for it) would hand it a silent gap, because every
 * update advances its market's nonce for everyone; a close is visible and it resubscribes.
 */
export const MAX_CLIENT_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Client messages are a few dozen bytes; ws refuses bigger ones (close 1009). */
export const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;
/** Client text echoed in an error reply is cut to this. */
const MAX_ECHO_CHARS = 100;

export const PING = '{"type":"ping"}';
export const PONG = '{"type":"pong"}';
const CHANNEL_RE = /^order_book\/(\d{1,6})$/;
const SEND_TEXT = { binary: false } as const;

export interface HubCounters {
  sent: number;
  snapshots: number;
  subscribes: number;
  connections: number;
  /** Clients disconnected for a backlog over the bound. */
  slowDrops: number;
  /** {"type":"error"} replies to bad client messages. */
  errors: number;
  garbage: number;
}

interface Client {
  ws: WebSocket;
  subs: Set<number>;
  lastSentAt: number;
  /** 0, or the time until which nothing is sent to it and its messages are ignored (a stall). */
  silencedUntil: number;
  open: boolean;
}

export interface Hub {
  attach(ws: WebSocket): void;
  /** Sends one update of `market` to every client subscribed to it. */
  broadcast(market: number, frame: string): void;
  /** Sends these frames to every connected client (fault injection); returns how many were sent. */
  sendAll(frames: (market: number) => readonly string[]): number;
  /** Sockets open now stay open but get nothing (and are not listened to) until `until`. */
  silence(until: number): void;
  /** {"type":"ping"} to every client sent nothing for `idleMs`. */
  pingIdle(idleMs: number): void;
  terminateAll(): void;
  count(): number;
  /** Subscriptions across all clients (0 = nobody listens, the venue may idle). */
  subscriptions(): number;
}

export function createHub(deps: { gen: FrameGenerator; counters: HubCounters; maxBufferedBytes?: number }): Hub {
  const { gen, counters } = deps;
  const maxBuffered = deps.maxBufferedBytes ?? MAX_CLIENT_BUFFERED_BYTES;
  const clients = new Set<Client>();
  const subscribers: Set<Client>[] = gen.markets().map(() => new Set());
  let subscriptions = 0;
  let sessions = 0;

  const drop = (c: Client) => {
    if (!c.open) return;
    c.open = false;
    clients.delete(c);
    for (const m of c.subs) subscribers[m]!.delete(c);
    subscriptions -= c.subs.size;
    c.subs.clear();
  };

  const send = (c: Client, data: string | Buffer): boolean => {
    if (!c.open) return false;
    if (c.silencedUntil !== 0) {
      if (Date.now() < c.silencedUntil) return false;
      c.silencedUntil = 0;
    }
    if (c.ws.bufferedAmount > maxBuffered) {
      counters.slowDrops++;
      c.ws.terminate();
      drop(c);
      return false;
    }
    c.ws.send(data, SEND_TEXT);
    counters.sent++;
    c.lastSentAt = Date.now();
    return true;
  };

  const error = (c: Client, code: number, message: string) => {
    counters.errors++;
    send(c, `{"type":"error","error":{"code":${code},"message":${JSON.stringify(message)}}}`);
  };

  const subscribe = (c: Client, market: number) => {
    counters.subscribes++;
    if (!c.subs.has(market)) {
      c.subs.add(market);
      subscribers[market]!.add(c);
      subscriptions++;
    }
    // A repeated subscribe gets a fresh snapshot rather than an error: a client resyncing
    // without unsubscribing first still recovers.
    if (send(c, gen.snapshot(market))) counters.snapshots++;
  };

  const unsubscribe = (c: Client, market: number) => {
    if (!c.subs.delete(market)) return;
    subscribers[market]!.delete(c);
    subscriptions--;
  };

  const handle = (c: Client, data: RawData) => {
    if (c.silencedUntil !== 0 && Date.now() < c.silencedUntil) return;
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8')
      : data instanceof ArrayBuffer ? Buffer.from(data).toString('utf8') : data.toString('utf8');
    let msg: unknown;
    try { msg = JSON.parse(text); } catch { error(c, 30001, 'Invalid message: not JSON'); return; }
    const obj = typeof msg === 'object' && msg !== null && !Array.isArray(msg) ? msg as Record<string, unknown> : undefined;
    const type = obj?.type;
    if (typeof type !== 'string') { error(c, 30001, 'Invalid message: missing type'); return; }
    switch (type) {
      case 'ping': send(c, PONG); return;
      case 'pong': return;
      case 'subscribe': case 'unsubscribe': {
        const channel = obj!.channel;
        const m = typeof channel === 'string' ? CHANNEL_RE.exec(channel) : null;
        const market = m ? Number(m[1]) : -1;
        if (!gen.has(market)) {
          error(c, 30005, `Invalid Channel: ${String(channel).slice(0, MAX_ECHO_CHARS)}`);
          return;
        }
        if (type === 'subscribe') subscribe(c, market);
        else unsubscribe(c, market);
        return;
      }
      default: error(c, 30002, `Unknown message type: ${type.slice(0, MAX_ECHO_CHARS)}`);
    }
  };

  return {
    attach(ws) {
      const c: Client = { ws, subs: new Set(), lastSentAt: Date.now(), silencedUntil: 0, open: true };
      clients.add(c);
      counters.connections++;
      ws.on('message', (data) => handle(c, data));
      ws.on('close', () => drop(c));
      ws.on('error', () => { /* a 'close' follows; a client's broken socket is its problem, not the venue's */ });
      send(c, `{"type":"connected","session_id":"sim-${++sessions}"}`);
    },
    broadcast(market, frame) {
      const subs = subscribers[market];
      if (!subs || subs.size === 0) return;
      // Encode once when several clients get the same frame.
      const data = subs.size > 1 ? Buffer.from(frame) : frame;
      for (const c of subs) send(c, data);
    },
    sendAll(frames) {
      let n = 0;
      for (const c of [...clients]) {
        // Book-shaped garbage names a market the client follows, so it reaches its book logic.
        const market = c.subs.values().next().value ?? 0;
        for (const f of frames(market)) if (send(c, f)) n++;
      }
      return n;
    },
    silence(until) {
      for (const c of clients) c.silencedUntil = Math.max(c.silencedUntil, until);
    },
    pingIdle(idleMs) {
      const now = Date.now();
      for (const c of [...clients]) if (now - c.lastSentAt >= idleMs) send(c, PING);
    },
    terminateAll() {
      for (const c of [...clients]) { c.ws.terminate(); drop(c); }
    },
    count: () => clients.size,
    subscriptions: () => subscriptions,
  };
}
