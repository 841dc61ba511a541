// The venue's side of every WebSocket: the Lighter client protocol (subscribe, unsubscribe,
// ping), per-client subscriptions, fan-out of the central updates, the slow-client rule, and the
// venue's documented limits (per IP: subscriptions, client messages a minute and in flight, idle
// close, max connection age). A client past a limit is treated as the venue treats it (an error
// frame, the message not executed, the connection closed when it keeps on) and the breach is
// counted where tests read it (breaches()).
import type { RawData, WebSocket } from 'ws';
import type { FrameGenerator } from './generator';
import { RateWindow } from './common/rate-window';
import { messageText } from './common/server';
import { MAX_CLIENT_BUFFERED_BYTES } from './common/sessions';

/** Client text echoed in an error reply is cut to this. */
const MAX_ECHO_CHARS = 100;

export const PING = '{"type":"ping"}';
export const PONG = '{"type":"pong"}';
const CHANNEL_RE = /^order_book\/(\d{1,9})$/;
const SEND_TEXT = { binary: false } as const;

/** The venue's error codes (30003, 30009, 30010 from its docs; the others ours where it gives none). */
export const ERR_INVALID_MESSAGE = 30001;
export const ERR_UNKNOWN_TYPE = 30002;
export const ERR_ALREADY_SUBSCRIBED = 30003;
export const ERR_INVALID_CHANNEL = 30005;
export const ERR_TOO_MANY_SUBSCRIPTIONS = 30008;
export const ERR_TOO_MANY_IN_FLIGHT = 30009;
export const ERR_RATE_LIMITED = 30010;
/** Close codes (the venue documents none): idle and age are "going away", repeated breaches a policy violation. */
export const CLOSE_IDLE = 1001;
export const CLOSE_MAX_AGE = 1001;
export const CLOSE_POLICY = 1008;

export interface HubLimits {
  subscriptionsPerConnection: number;
  /** Subscriptions per IP across its connections. */
  subscriptionsTotal: number;
  /** Client messages (any) per IP per messageWindowMs. */
  messagesPerMinute: number;
  messageWindowMs: number;
  /** Subscribes per IP awaiting their snapshot. */
  messagesInFlight: number;
  /** No client frame for this long: closed (0 = never). */
  idleCloseMs: number;
  /** Connections are dropped at this age (0 = never). */
  maxConnectionAgeMs: number;
  /** How long a subscribe waits for its snapshot (the venue's latency): it is in flight meanwhile. */
  snapshotDelayMs: number;
  /** Breaches one connection may make before it is closed with CLOSE_POLICY. */
  closeAfterBreaches: number;
  /** Error frames as `{"type":"error","error":{...}}`, as `{"error":{...}}`, or alternating. */
  errorShape: 'typed' | 'untyped' | 'both';
}

export interface HubCounters {
  sent: number;
  snapshots: number;
  subscribes: number;
  connections: number;
  /** Clients disconnected for a backlog over the bound. */
  slowDrops: number;
  /** error replies to client messages. */
  errors: number;
  garbage: number;
}

/** Limit breaches by the clients, as the venue would count them. Every one is a client bug. */
export interface Breaches {
  subscriptionsPerConnection: number;
  subscriptionsTotal: number;
  messagesPerMinute: number;
  messagesInFlight: number;
  /** A subscribe to a market the connection already has (30003). */
  alreadySubscribed: number;
  /** Connections closed for sending nothing within idleCloseMs. */
  idleCloses: number;
  /** Handshakes refused for too many connections open or opened this minute (counted by the server). */
  connectionsOpen: number;
  connectionsPerMinute: number;
  restPerMinute: number;
}

/** What the venue did that was not a client breach. */
export interface VenueEvents {
  /** Connections dropped at the max age. */
  ageDrops: number;
  /** Connections closed for repeated breaches. */
  policyCloses: number;
}

interface Client {
  ws: WebSocket;
  ip: string;
  subs: Set<number>;
  lastSentAt: number;
  lastHeardAt: number;
  openedAt: number;
  breaches: number;
  /** 0, or the time until which nothing is sent to it and its messages are ignored (a stall). */
  silencedUntil: number;
  open: boolean;
  errorsSent: number;
}

interface IpState { window: RateWindow; inFlight: number; subs: number; open: number }

export interface Hub {
  attach(ws: WebSocket, ip: string): void;
  /** Sends one update of `market` to every client subscribed to it. */
  broadcast(market: number, frame: string): void;
  /** Sends these frames to every connected client (fault injection); returns how many were sent. */
  sendAll(frames: (market: number) => readonly string[]): number;
  /** Sockets open now stay open but get nothing (and are not listened to) until `until`. */
  silence(until: number): void;
  /** {"type":"ping"} to every client sent nothing for `idleMs`; idle closes and age drops. */
  sweep(idleMs: number): void;
  terminateAll(): void;
  /** Cuts one connection (the index-th open one, oldest first); false when there is none. */
  terminateOne(index: number): boolean;
  /** A delisted market: its subscribers keep the subscription but get nothing more. */
  delist(market: number): void;
  /** Subscribes to these markets are accepted but never answered with a snapshot (stuck markets). */
  withhold(markets: readonly number[]): void;
  count(): number;
  /** Open connections from one IP (for the handshake's connection cap). */
  openFrom(ip: string): number;
  /** Subscriptions across all clients (0 = nobody listens, the venue may idle). */
  subscriptions(): number;
  /** Subscriptions per connection, oldest connection first. */
  perConnection(): number[];
  breaches: Breaches;
  events: VenueEvents;
}

export function createHub(deps: { gen: FrameGenerator; counters: HubCounters; limits: HubLimits; maxBufferedBytes?: number }): Hub {
  const { gen, counters, limits } = deps;
  const maxBuffered = deps.maxBufferedBytes ?? MAX_CLIENT_BUFFERED_BYTES;
  const clients = new Set<Client>();
  const subscribers = new Map<number, Set<Client>>();
  const ips = new Map<string, IpState>();
  const withheld = new Set<number>();
  const breaches: Breaches = {
    subscriptionsPerConnection: 0, subscriptionsTotal: 0, messagesPerMinute: 0, messagesInFlight: 0, alreadySubscribed: 0,
    idleCloses: 0, connectionsOpen: 0, connectionsPerMinute: 0, restPerMinute: 0,
  };
  const events: VenueEvents = { ageDrops: 0, policyCloses: 0 };
  let subscriptions = 0;
  let sessions = 0;

  const ipState = (ip: string): IpState => {
    let s = ips.get(ip);
    if (!s) { s = { window: new RateWindow(limits.messagesPerMinute, limits.messageWindowMs), inFlight: 0, subs: 0, open: 0 }; ips.set(ip, s); }
    return s;
  };

  const drop = (c: Client) => {
    if (!c.open) return;
    c.open = false;
    clients.delete(c);
    const ip = ipState(c.ip);
    ip.open--;
    ip.subs -= c.subs.size;
    for (const m of c.subs) subscribers.get(m)?.delete(c);
    subscriptions -= c.subs.size;
    c.subs.clear();
  };

  const close = (c: Client, code: number, reason: string) => {
    if (!c.open) return;
    try { c.ws.close(code, reason); } catch { c.ws.terminate(); }
    drop(c);
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
    const body = `{"code":${code},"message":${JSON.stringify(message)}}`;
    const typed = limits.errorShape === 'typed' || (limits.errorShape === 'both' && c.errorsSent % 2 === 0);
    c.errorsSent++;
    send(c, typed ? `{"type":"error","error":${body}}` : `{"error":${body}}`);
  };

  /** A breach: counted, answered, and the connection closed once it keeps on. */
  const breach = (c: Client, kind: keyof Breaches, code: number, message: string) => {
    breaches[kind]++;
    error(c, code, message);
    if (++c.breaches >= limits.closeAfterBreaches) { events.policyCloses++; close(c, CLOSE_POLICY, 'too many limit breaches'); }
  };

  const answer = (c: Client, market: number) => {
    const ip = ipState(c.ip);
    ip.inFlight--;
    if (!c.open || !c.subs.has(market) || !gen.has(market)) return;
    if (send(c, gen.snapshot(market))) counters.snapshots++;
  };

  const subscribe = (c: Client, market: number) => {
    counters.subscribes++;
    const channel = `order_book/${market}`;
    if (c.subs.has(market)) { breach(c, 'alreadySubscribed', ERR_ALREADY_SUBSCRIBED, `Already Subscribed: ${channel}`); return; }
    const ip = ipState(c.ip);
    if (c.subs.size >= limits.subscriptionsPerConnection) {
      breach(c, 'subscriptionsPerConnection', ERR_TOO_MANY_SUBSCRIPTIONS, `Too Many Subscriptions on this connection: ${channel}`); return;
    }
    if (ip.subs >= limits.subscriptionsTotal) { breach(c, 'subscriptionsTotal', ERR_TOO_MANY_SUBSCRIPTIONS, `Too Many Subscriptions: ${channel}`); return; }
    if (ip.inFlight >= limits.messagesInFlight) { breach(c, 'messagesInFlight', ERR_TOO_MANY_IN_FLIGHT, `Too Many Inflight Messages: ${channel}`); return; }
    c.subs.add(market);
    let set = subscribers.get(market);
    if (!set) { set = new Set(); subscribers.set(market, set); }
    set.add(c);
    subscriptions++;
    ip.subs++;
    if (withheld.has(market)) return; // a stuck market: never answered
    ip.inFlight++;
    if (limits.snapshotDelayMs > 0) setTimeout(() => answer(c, market), limits.snapshotDelayMs);
    else answer(c, market);
  };

  const unsubscribe = (c: Client, market: number) => {
    if (!c.subs.delete(market)) return;
    subscribers.get(market)?.delete(c);
    subscriptions--;
    ipState(c.ip).subs--;
  };

  const handle = (c: Client, data: RawData) => {
    if (c.silencedUntil !== 0 && Date.now() < c.silencedUntil) return;
    const now = Date.now();
    c.lastHeardAt = now;
    if (!ipState(c.ip).window.hit(now)) { breach(c, 'messagesPerMinute', ERR_RATE_LIMITED, 'Too Many Requests'); return; }
    const text = messageText(data);
    let msg: unknown;
    try { msg = JSON.parse(text); } catch { error(c, ERR_INVALID_MESSAGE, 'Invalid message: not JSON'); return; }
    const obj = typeof msg === 'object' && msg !== null && !Array.isArray(msg) ? msg as Record<string, unknown> : undefined;
    const type = obj?.type;
    if (typeof type !== 'string') { error(c, ERR_INVALID_MESSAGE, 'Invalid message: missing type'); return; }
    switch (type) {
      case 'ping': send(c, PONG); return;
      case 'pong': return;
      case 'subscribe': case 'unsubscribe': {
        const channel = obj!.channel;
        const m = typeof channel === 'string' ? CHANNEL_RE.exec(channel) : null;
        const market = m ? Number(m[1]) : -1;
        if (!gen.has(market) && !(type === 'unsubscribe' && c.subs.has(market))) {
          error(c, ERR_INVALID_CHANNEL, `Invalid Channel: ${String(channel).slice(0, MAX_ECHO_CHARS)}`);
          return;
        }
        if (type === 'subscribe') subscribe(c, market);
        else unsubscribe(c, market);
        return;
      }
      default: error(c, ERR_UNKNOWN_TYPE, `Unknown message type: ${type.slice(0, MAX_ECHO_CHARS)}`);
    }
  };

  return {
    attach(ws, ip) {
      const now = Date.now();
      const c: Client = {
        ws, ip, subs: new Set(), lastSentAt: now, lastHeardAt: now, openedAt: now, breaches: 0, silencedUntil: 0, open: true, errorsSent: 0,
      };
      clients.add(c);
      ipState(ip).open++;
      counters.connections++;
      ws.on('message', (data) => handle(c, data));
      ws.on('close', () => drop(c));
      ws.on('error', () => { /* a 'close' follows; a client's broken socket is its problem, not the venue's */ });
      send(c, `{"type":"connected","session_id":"sim-${++sessions}"}`);
    },
    broadcast(market, frame) {
      const subs = subscribers.get(market);
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
    sweep(idleMs) {
      const now = Date.now();
      for (const c of [...clients]) {
        if (limits.maxConnectionAgeMs > 0 && now - c.openedAt >= limits.maxConnectionAgeMs) {
          events.ageDrops++; close(c, CLOSE_MAX_AGE, 'max connection age'); continue;
        }
        if (limits.idleCloseMs > 0 && now - c.lastHeardAt >= limits.idleCloseMs && (c.silencedUntil === 0 || now >= c.silencedUntil)) {
          breaches.idleCloses++; close(c, CLOSE_IDLE, 'idle'); continue;
        }
        if (now - c.lastSentAt >= idleMs) send(c, PING);
      }
    },
    terminateAll() {
      for (const c of [...clients]) { c.ws.terminate(); drop(c); }
    },
    terminateOne(index) {
      const c = [...clients][index];
      if (!c) return false;
      c.ws.terminate();
      drop(c);
      return true;
    },
    delist(market) { subscribers.delete(market); },
    withhold(markets) { for (const m of markets) withheld.add(m); },
    count: () => clients.size,
    openFrom: (ip) => ips.get(ip)?.open ?? 0,
    subscriptions: () => subscriptions,
    perConnection: () => [...clients].map((c) => c.subs.size),
    breaches,
    events,
  };
}
