// The venue's WebSocket side: live SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS / SET_PROPERTY /
// GET_PROPERTY with the docs' error answers, raw (/public/ws) or combined (/public/stream)
// payloads, and the documented limits: 10 incoming messages a second (pings and pongs
// included) and 1,024 streams per connection (over either: disconnected), a server ping every
// 3 minutes that must be ponged within 10, a 24-hour connection life.
import type { WebSocket } from 'ws';
import { RateWindow } from '../common/rate-window';
import { messageText } from '../common/server';

export interface BinanceHubConfig {
  messagesPerSecond: number;
  streamsPerConnection: number;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  maxConnectionAgeMs: number;
  maxBufferedBytes: number;
}

export interface BinanceHubCounters {
  connections: number;
  /** Client messages received (JSON requests, pings and pongs). */
  clientMessages: number;
  subscribes: number;
  /** Error answers ({"code":N,"msg":...}). */
  errors: number;
  /** Disconnected for more than messagesPerSecond. */
  rateBreaches: number;
  /** Disconnected for more than streamsPerConnection. */
  streamBreaches: number;
  /** Disconnected for not answering our pings. */
  pongTimeouts: number;
  /** Disconnected at the maximum connection age. */
  ageDrops: number;
  /** Disconnected for a backlog over maxBufferedBytes. */
  slowDrops: number;
  sent: number;
}

interface Client {
  ws: WebSocket;
  combined: boolean;
  /** Stream names subscribed, each with its market index (-1: a stream we have no data for). */
  streams: Map<string, number>;
  rate: RateWindow;
  openedAt: number;
  lastPingAt: number;
  lastPongAt: number;
  open: boolean;
}

const DEPTH_STREAM_RE = /^(.+)@depth(?:@(?:100|250|500)ms)?$/u;
const METHODS = '`SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`';

export interface BinanceHub {
  attach(ws: WebSocket, combined: boolean, initialStreams: readonly string[]): void;
  /** One raw depthUpdate of market `m` to everyone subscribed to one of its depth streams. */
  broadcast(m: number, raw: string): void;
  sendAll(frames: readonly string[]): number;
  terminateAll(): void;
  /** Pings, pong timeouts and the age limit; the simulator calls it on a timer. */
  sweep(now: number): void;
  count(): number;
  subscriptions(): number;
  /** Stream names of every connection, oldest connection first. */
  clientStreams(): string[][];
}

export function createBinanceHub(deps: {
  marketOf(symbolLower: string): number;
  marketCount: number;
  config: BinanceHubConfig;
  counters: BinanceHubCounters;
}): BinanceHub {
  const { config, counters } = deps;
  const clients = new Set<Client>();
  const subscribers: Map<Client, string[]>[] = Array.from({ length: deps.marketCount }, () => new Map());
  let subscriptions = 0;

  const drop = (c: Client) => {
    if (!c.open) return;
    c.open = false;
    clients.delete(c);
    for (const [name, m] of c.streams) if (m >= 0) unsubscribeMarket(c, name, m);
    c.streams.clear();
  };
  const close = (c: Client, code: number, reason: string) => { c.ws.close(code, reason); drop(c); };

  const send = (c: Client, data: string | Buffer) => {
    if (!c.open) return;
    if (c.ws.bufferedAmount > config.maxBufferedBytes) { counters.slowDrops++; c.ws.terminate(); drop(c); return; }
    c.ws.send(data, { binary: false });
    counters.sent++;
  };
  const error = (c: Client, code: number, msg: string, id?: unknown) => {
    counters.errors++;
    send(c, JSON.stringify(id === undefined ? { code, msg } : { code, msg, id }));
  };

  function unsubscribeMarket(c: Client, name: string, m: number) {
    const names = subscribers[m]!.get(c);
    if (!names) return;
    const i = names.indexOf(name);
    if (i >= 0) { names.splice(i, 1); subscriptions--; }
    if (names.length === 0) subscribers[m]!.delete(c);
  }

  const subscribe = (c: Client, name: string): boolean => {
    if (c.streams.has(name)) return true;
    if (c.streams.size >= config.streamsPerConnection) {
      counters.streamBreaches++;
      close(c, 1008, 'Too many streams');
      return false;
    }
    const match = DEPTH_STREAM_RE.exec(name);
    const m = match ? deps.marketOf(match[1]!) : -1;
    c.streams.set(name, m);
    counters.subscribes++;
    if (m >= 0) {
      const names = subscribers[m]!.get(c) ?? [];
      names.push(name);
      subscribers[m]!.set(c, names);
      subscriptions++;
    }
    return true;
  };

  /** Counts one incoming message; false when the client was disconnected for it. */
  const counted = (c: Client): boolean => {
    counters.clientMessages++;
    if (c.rate.hit(Date.now())) return true;
    counters.rateBreaches++;
    close(c, 1008, 'Too many requests');
    return false;
  };

  const handle = (c: Client, text: string) => {
    if (!counted(c)) return;
    let msg: unknown;
    try { msg = JSON.parse(text); } catch { error(c, 3, 'Invalid JSON: expected value at line 1 column 1'); return; }
    const req = typeof msg === 'object' && msg !== null && !Array.isArray(msg) ? msg as Record<string, unknown> : undefined;
    if (!req || !('method' in req)) { error(c, 2, `Invalid request: missing field \`method\` at line 1 column ${text.length}`); return; }
    const { id, method, params } = req;
    if (!(Number.isSafeInteger(id) && (id as number) >= 0)) { error(c, 2, 'Invalid request: request ID must be an unsigned integer'); return; }
    switch (method) {
      case 'SUBSCRIBE': case 'UNSUBSCRIBE': {
        if (!Array.isArray(params) || !params.every((p) => typeof p === 'string')) { error(c, 2, 'Invalid request: params must be an array of strings', id); return; }
        for (const name of params as string[]) {
          if (method === 'SUBSCRIBE') { if (!subscribe(c, name)) return; }
          else {
            const m = c.streams.get(name);
            if (m === undefined) continue;
            c.streams.delete(name);
            if (m >= 0) unsubscribeMarket(c, name, m);
          }
        }
        send(c, `{"result":null,"id":${id}}`);
        return;
      }
      case 'LIST_SUBSCRIPTIONS': send(c, JSON.stringify({ result: [...c.streams.keys()], id })); return;
      case 'SET_PROPERTY': case 'GET_PROPERTY': {
        const p = Array.isArray(params) ? params : [];
        if (typeof p[0] !== 'string') { error(c, 2, 'Invalid request: property name must be a string', id); return; }
        if (p[0] !== 'combined') { error(c, 0, 'Unknown property', id); return; }
        if (method === 'GET_PROPERTY') { send(c, JSON.stringify({ result: c.combined, id })); return; }
        if (typeof p[1] !== 'boolean') { error(c, 1, 'Invalid value type: expected Boolean', id); return; }
        c.combined = p[1];
        send(c, `{"result":null,"id":${id}}`);
        return;
      }
      default:
        error(c, 2, `Invalid request: unknown variant ${JSON.stringify(method)}, expected one of ${METHODS} at line 1 column 28`, id);
    }
  };

  return {
    attach(ws, combined, initialStreams) {
      const now = Date.now();
      const c: Client = {
        ws, combined, streams: new Map(), rate: new RateWindow(config.messagesPerSecond, 1_000),
        openedAt: now, lastPingAt: now, lastPongAt: now, open: true,
      };
      clients.add(c);
      counters.connections++;
      ws.on('message', (d) => handle(c, messageText(d)));
      ws.on('ping', () => { counted(c); });
      ws.on('pong', () => { c.lastPongAt = Date.now(); counted(c); });
      ws.on('close', () => drop(c));
      ws.on('error', () => {});
      for (const name of initialStreams) if (!subscribe(c, name)) return;
    },
    broadcast(m, raw) {
      const subs = subscribers[m];
      if (!subs || subs.size === 0) return;
      for (const [c, names] of subs) {
        for (const name of names) send(c, c.combined ? `{"stream":"${name}","data":${raw}}` : raw);
      }
    },
    sendAll(frames) {
      let n = 0;
      for (const c of [...clients]) for (const f of frames) { if (c.open) { send(c, f); n++; } }
      return n;
    },
    terminateAll() { for (const c of [...clients]) { c.ws.terminate(); drop(c); } },
    sweep(now) {
      for (const c of [...clients]) {
        if (now - c.openedAt >= config.maxConnectionAgeMs) { counters.ageDrops++; close(c, 1000, 'Connection max age'); continue; }
        if (now - c.lastPongAt > config.pongTimeoutMs) { counters.pongTimeouts++; c.ws.terminate(); drop(c); continue; }
        if (now - c.lastPingAt >= config.pingIntervalMs) { c.lastPingAt = now; c.ws.ping(); }
      }
    },
    count: () => clients.size,
    subscriptions: () => subscriptions,
    clientStreams: () => [...clients].map((c) => [...c.streams.keys()]),
  };
}
