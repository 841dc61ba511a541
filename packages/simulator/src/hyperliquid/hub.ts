// The venue's side of every Hyperliquid WebSocket: the client protocol (subscribe, unsubscribe,
// ping) and the per-IP limits on subscriptions and messages, answered in the venue's words and
// counted. Connections, fan-out and the idle close are the shared sessions'.
import type { WebSocket } from 'ws';
import { createSessions, type Session } from '../common/sessions';

export const GREETING = 'Websocket connection established.';
export const PONG = '{"channel":"pong"}';
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

export interface HlHubDeps {
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

/** The subscription as the venue echoes it: normalized, nulls filled in. */
const echo = (coin: string) => `{"type":"l2Book","coin":${JSON.stringify(coin)},"nSigFigs":null,"mantissa":null}`;

export function createHlHub(deps: HlHubDeps) {
  const { counters, limits } = deps;
  const sessions = createSessions(counters);

  const error = (s: Session, text: string) => {
    counters.errors++;
    sessions.send(s, JSON.stringify({ channel: 'error', data: text }));
  };

  const subscribe = (s: Session, id: number, coin: string) => {
    if (s.subs.has(id)) { error(s, `Already subscribed: ${echo(coin)}`); return; }
    if (sessions.subscriptionsFrom(s.ip) >= limits.maxSubscriptions) {
      counters.subscriptionLimitBreaches++;
      error(s, `Cannot subscribe to more than ${limits.maxSubscriptions} channels.`);
      return;
    }
    counters.subscribes++;
    sessions.subscribe(s, id);
    sessions.send(s, `{"channel":"subscriptionResponse","data":{"method":"subscribe","subscription":${echo(coin)}}}`);
    const book = () => { if (s.subs.has(id) && sessions.send(s, deps.initialBook(id), true)) counters.books++; };
    const delay = deps.snapshotDelayMs();
    if (delay > 0) setTimeout(book, delay).unref();
    else book();
  };

  const unsubscribe = (s: Session, id: number, coin: string) => {
    if (!sessions.unsubscribe(s, id)) { error(s, `Already unsubscribed: ${echo(coin)}`); return; }
    counters.unsubscribes++;
    sessions.send(s, `{"channel":"subscriptionResponse","data":{"method":"unsubscribe","subscription":${echo(coin)}}}`);
  };

  const handle = (s: Session, text: string) => {
    if (!deps.takeMessage(s.ip, Date.now())) {
      counters.messageRateBreaches++;
      error(s, `Cannot send more than ${limits.messagesPerMinute} messages per minute.`);
      return;
    }
    let msg: unknown;
    try { msg = JSON.parse(text); } catch { msg = undefined; }
    const obj = typeof msg === 'object' && msg !== null && !Array.isArray(msg) ? msg as Record<string, unknown> : undefined;
    const method = obj?.method;
    if (method === 'ping') { counters.pings++; sessions.send(s, PONG); return; }
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
      sessions.send(sessions.attach(ws, ip, handle), GREETING);
    },
    /** One book to every subscriber of the coin. */
    broadcast(id: number, frame: string) { counters.books += sessions.broadcast(id, frame); },
    sendAll: sessions.sendAll,
    /** The venue closes a connection it has sent nothing to for idleCloseMs. */
    closeIdle(now: number) { sessions.closeIdle(now, limits.idleCloseMs, (s) => s.lastSentAt); },
    terminateAll: sessions.terminateAll,
    count: sessions.count,
    countFrom: sessions.countFrom,
    subscribed: sessions.subscribed,
    subscriptions: sessions.subscriptions,
  };
}
