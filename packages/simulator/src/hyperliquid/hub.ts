// The venue's side of every Hyperliquid WebSocket: the client protocol (subscribe, unsubscribe,
// ping), the per-IP limits on subscriptions and messages, the 60 s idle close, and fan-out of
// the published books. Breaches are answered as the venue answers them and counted.
import type { RawData, WebSocket } from 'ws';
import type { CoinMarket } from './market';

/** A client whose unsent backlog grows past this is disconnected, as a venue drops a slow consumer. */
export const MAX_CLIENT_BUFFERED_BYTES = 16 * 1024 * 1024;
export const GREETING = 'Websocket connection established.';
export const PONG = '{"channel":"pong"}';
const SEND_TEXT = { binary: false } as const;
const MAX_ECHO_CHARS = 200;

export interface HlLimits {
  maxSubscriptions: number;
  messagesPerMinute: number;
  idleCloseMs: number;
}

export interface HlHubCounters {
  sent: number;
  /** l2Book frames sent (initial and published). */
  books: number;
  subscribes: number;
  unsubscribes: number;
  pings: number;
  /** {"channel":"error"} replies, all causes. */
  errors: number;
  /** Subscribes refused over the per-IP subscription limit. */
  subscriptionLimitBreaches: number;
  /** Messages refused over the per-IP message rate. */
  messageRateBreaches: number;
  /** Connections closed because the server had sent them nothing for idleCloseMs. */
  idleCloses: number;
  slowDrops: number;
}

interface Session {
  ws: WebSocket;
  ip: string;
  subs: Set<number>;
  lastSentAt: number;
  open: boolean;
}

export interface HlHubDeps {
  markets: (id: number) => CoinMarket | undefined;
  /** The coin's asset id, or -1 for a coin not listed (or delisted). */
  idOf: (coin: string) => number;
  limits: HlLimits;
  counters: HlHubCounters;
  /** A message budget per IP: false when this message is over it. */
  takeMessage: (ip: string, now: number) => boolean;
  /** The initial book of a new subscription: the market's last published frame (publishing one if none). */
  initialBook: (id: number) => string;
  /** ms to hold initial books back (fault), 0 normally. */
  snapshotDelayMs: () => number;
}

export function createHlHub(deps: HlHubDeps) {
  const { counters, limits } = deps;
  const sessions = new Set<Session>();
  const subscribers = new Map<number, Set<Session>>();
  const subsPerIp = new Map<string, number>();

  const drop = (s: Session) => {
    if (!s.open) return;
    s.open = false;
    sessions.delete(s);
    for (const id of s.subs) subscribers.get(id)?.delete(s);
    subsPerIp.set(s.ip, (subsPerIp.get(s.ip) ?? 0) - s.subs.size);
    s.subs.clear();
  };

  const send = (s: Session, data: string | Buffer): boolean => {
    if (!s.open) return false;
    if (s.ws.bufferedAmount > MAX_CLIENT_BUFFERED_BYTES) {
      counters.slowDrops++;
      s.ws.terminate();
      drop(s);
      return false;
    }
    s.ws.send(data, SEND_TEXT);
    counters.sent++;
    s.lastSentAt = Date.now();
    return true;
  };

  const error = (s: Session, text: string) => {
    counters.errors++;
    send(s, JSON.stringify({ channel: 'error', data: text }));
  };

  /** The subscription as the venue echoes it: normalized, nulls filled in. */
  const echo = (coin: string) => `{"type":"l2Book","coin":${JSON.stringify(coin)},"nSigFigs":null,"mantissa":null}`;

  const subscribe = (s: Session, id: number, coin: string) => {
    if (s.subs.has(id)) { error(s, `Already subscribed: ${echo(coin)}`); return; }
    if ((subsPerIp.get(s.ip) ?? 0) >= limits.maxSubscriptions) {
      counters.subscriptionLimitBreaches++;
      error(s, `Cannot subscribe to more than ${limits.maxSubscriptions} channels.`);
      return;
    }
    counters.subscribes++;
    s.subs.add(id);
    subsPerIp.set(s.ip, (subsPerIp.get(s.ip) ?? 0) + 1);
    let set = subscribers.get(id);
    if (!set) { set = new Set(); subscribers.set(id, set); }
    set.add(s);
    send(s, `{"channel":"subscriptionResponse","data":{"method":"subscribe","subscription":${echo(coin)}}}`);
    const book = () => { if (s.subs.has(id) && send(s, deps.initialBook(id))) counters.books++; };
    const delay = deps.snapshotDelayMs();
    if (delay > 0) setTimeout(book, delay).unref();
    else book();
  };

  const unsubscribe = (s: Session, id: number, coin: string) => {
    if (!s.subs.delete(id)) { error(s, `Already unsubscribed: ${echo(coin)}`); return; }
    counters.unsubscribes++;
    subscribers.get(id)?.delete(s);
    subsPerIp.set(s.ip, (subsPerIp.get(s.ip) ?? 0) - 1);
    send(s, `{"channel":"subscriptionResponse","data":{"method":"unsubscribe","subscription":${echo(coin)}}}`);
  };

  const handle = (s: Session, data: RawData) => {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8')
      : data instanceof ArrayBuffer ? Buffer.from(data).toString('utf8') : data.toString('utf8');
    if (!deps.takeMessage(s.ip, Date.now())) {
      counters.messageRateBreaches++;
      error(s, `Cannot send more than ${limits.messagesPerMinute} messages per minute.`);
      return;
    }
    let msg: unknown;
    try { msg = JSON.parse(text); } catch { msg = undefined; }
    const obj = typeof msg === 'object' && msg !== null && !Array.isArray(msg) ? msg as Record<string, unknown> : undefined;
    const method = obj?.method;
    if (method === 'ping') { counters.pings++; send(s, PONG); return; }
    if (method !== 'subscribe' && method !== 'unsubscribe') {
      error(s, `Error parsing JSON into valid websocket request: ${text.slice(0, MAX_ECHO_CHARS)}`);
      return;
    }
    const sub = obj!.subscription;
    const so = typeof sub === 'object' && sub !== null ? sub as Record<string, unknown> : undefined;
    const coin = typeof so?.coin === 'string' ? so.coin : '';
    const id = deps.idOf(coin);
    // Aggregated books (nSigFigs 2..5) are not simulated: refused rather than sent unaggregated.
    if (so?.type !== 'l2Book' || id < 0 || (so.nSigFigs ?? null) !== null || (so.mantissa ?? null) !== null) {
      error(s, `Invalid subscription ${JSON.stringify(sub ?? null).slice(0, MAX_ECHO_CHARS)}`);
      return;
    }
    if (method === 'subscribe') subscribe(s, id, coin);
    else unsubscribe(s, id, coin);
  };

  return {
    attach(ws: WebSocket, ip: string) {
      const s: Session = { ws, ip, subs: new Set(), lastSentAt: Date.now(), open: true };
      sessions.add(s);
      ws.on('message', (data) => handle(s, data));
      ws.on('close', () => drop(s));
      ws.on('error', () => { /* a 'close' follows */ });
      send(s, GREETING);
    },
    /** Sends one frame to every subscriber of the coin. */
    broadcast(id: number, frame: string): number {
      const set = subscribers.get(id);
      if (!set || set.size === 0) return 0;
      const data = set.size > 1 ? Buffer.from(frame) : frame;
      let n = 0;
      for (const s of [...set]) if (send(s, data)) n++;
      counters.books += n;
      return n;
    },
    /** Frames to every session (fault injection), for a coin it follows. */
    sendAll(frames: (coin: number | undefined) => readonly string[]): number {
      let n = 0;
      for (const s of [...sessions]) for (const f of frames(s.subs.values().next().value)) if (send(s, f)) n++;
      return n;
    },
    /** Closes sessions the server has sent nothing to for idleCloseMs. */
    closeIdle(now: number) {
      for (const s of [...sessions]) {
        if (now - s.lastSentAt < limits.idleCloseMs) continue;
        counters.idleCloses++;
        s.ws.terminate();
        drop(s);
      }
    },
    terminateAll() { for (const s of [...sessions]) { s.ws.terminate(); drop(s); } },
    count: () => sessions.size,
    countFrom: (ip: string) => { let n = 0; for (const s of sessions) if (s.ip === ip) n++; return n; },
    subscribed: (id: number) => (subscribers.get(id)?.size ?? 0) > 0,
    subscriptions: () => { let n = 0; for (const v of subsPerIp.values()) n += v; return n; },
  };
}

export type HlHub = ReturnType<typeof createHlHub>;
