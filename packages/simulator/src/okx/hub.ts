// The venue's WebSocket side: `ping` → `pong`, subscribe / unsubscribe of `books` with the
// docs' answers and error codes, and the documented limits: 480 subscribe/unsubscribe requests
// per connection per hour (over it: 60014), 64 KB per request, and a connection that has been
// pushed nothing for 30 s is closed.
import type { WebSocket } from 'ws';
import { RateWindow } from '../common/rate-window';
import { messageText } from '../common/server';

export interface OkxHubConfig {
  subscribeMessagesPerHour: number;
  /** The window of that limit (an hour; tests scale it down). */
  subscribeWindowMs: number;
  maxMessageBytes: number;
  idleCloseMs: number;
  maxBufferedBytes: number;
  /** Snapshots after a subscribe wait this long (0: at once). */
  snapshotDelayMs: number;
}

export interface OkxHubCounters {
  connections: number;
  clientMessages: number;
  pings: number;
  subscribes: number;
  /** {"event":"error"} answers. */
  errors: number;
  /** Requests refused with 60014 (over the hourly limit). */
  subscribeBreaches: number;
  /** Requests over 64 KB. */
  sizeBreaches: number;
  /** Connections closed after 30 s with nothing pushed. */
  idleCloses: number;
  slowDrops: number;
  snapshots: number;
  sent: number;
}

interface Client {
  ws: WebSocket;
  connId: string;
  /** Subscribed market → live (false while its delayed snapshot is pending). */
  subs: Map<number, boolean>;
  timers: Set<NodeJS.Timeout>;
  ops: RateWindow;
  lastSentAt: number;
  open: boolean;
}

export interface OkxHub {
  attach(ws: WebSocket): void;
  broadcast(m: number, frame: string): void;
  sendAll(frames: readonly string[] | ((connId: string) => string[])): number;
  terminateAll(): void;
  /** Idle closes; the simulator calls it on a timer. */
  sweep(now: number): void;
  subscribers(m: number): number;
  count(): number;
  subscriptions(): number;
}

export function createOkxHub(deps: {
  marketOf(instId: string): number;
  marketCount: number;
  snapshot(m: number): string;
  config: OkxHubConfig;
  counters: OkxHubCounters;
}): OkxHub {
  const { config, counters } = deps;
  const clients = new Set<Client>();
  const subscribers: Set<Client>[] = Array.from({ length: deps.marketCount }, () => new Set());
  let subscriptions = 0;
  let sessions = 0;

  const drop = (c: Client) => {
    if (!c.open) return;
    c.open = false;
    clients.delete(c);
    for (const t of c.timers) clearTimeout(t);
    for (const m of c.subs.keys()) subscribers[m]!.delete(c);
    subscriptions -= c.subs.size;
    c.subs.clear();
  };
  const send = (c: Client, data: string) => {
    if (!c.open) return;
    if (c.ws.bufferedAmount > config.maxBufferedBytes) { counters.slowDrops++; c.ws.terminate(); drop(c); return; }
    c.ws.send(data, { binary: false });
    c.lastSentAt = Date.now();
    counters.sent++;
  };
  const error = (c: Client, code: string, msg: string, id?: string) => {
    counters.errors++;
    send(c, JSON.stringify(id === undefined ? { event: 'error', code, msg, connId: c.connId } : { id, event: 'error', code, msg, connId: c.connId }));
  };
  const ack = (c: Client, event: string, instId: string, id?: string) =>
    send(c, JSON.stringify({ ...(id === undefined ? {} : { id }), event, arg: { channel: 'books', instId }, connId: c.connId }));

  const startBook = (c: Client, m: number) => {
    c.subs.set(m, true);
    counters.snapshots++;
    send(c, deps.snapshot(m));
  };

  const subscribe = (c: Client, m: number) => {
    counters.subscribes++;
    if (!c.subs.has(m)) { subscribers[m]!.add(c); subscriptions++; }
    if (config.snapshotDelayMs <= 0) { startBook(c, m); return; }
    c.subs.set(m, false);
    const t = setTimeout(() => { c.timers.delete(t); if (c.open && c.subs.has(m)) startBook(c, m); }, config.snapshotDelayMs);
    c.timers.add(t);
  };

  const handle = (c: Client, text: string) => {
    counters.clientMessages++;
    if (text === 'ping') { counters.pings++; send(c, 'pong'); return; }
    if (Buffer.byteLength(text) > config.maxMessageBytes) { counters.sizeBreaches++; error(c, '60012', 'Invalid request: the request is over 64 KB'); return; }
    let msg: unknown;
    try { msg = JSON.parse(text); } catch { error(c, '60012', `Invalid request: ${text.slice(0, 100)}`); return; }
    const req = typeof msg === 'object' && msg !== null && !Array.isArray(msg) ? msg as Record<string, unknown> : {};
    const id = typeof req.id === 'string' ? req.id : undefined;
    const { op, args } = req;
    if (op !== 'subscribe' && op !== 'unsubscribe') { error(c, '60019', `Invalid op: ${String(op).slice(0, 40)}`, id); return; }
    if (!c.ops.hit(Date.now())) { counters.subscribeBreaches++; error(c, '60014', 'Requests too frequent.', id); return; }
    if (!Array.isArray(args) || args.length === 0) { error(c, '60012', `Invalid request: ${text.slice(0, 100)}`, id); return; }
    for (const a of args) {
      const arg = typeof a === 'object' && a !== null ? a as Record<string, unknown> : {};
      const instId = typeof arg.instId === 'string' ? arg.instId : '';
      const m = arg.channel === 'books' ? deps.marketOf(instId) : -1;
      if (m < 0) {
        error(c, '60018', `Wrong URL or channel:${String(arg.channel)},instId:${instId} doesn't exist. Please use the correct URL, channel and parameters referring to API document.`, id);
        continue;
      }
      ack(c, op, instId, id);
      if (op === 'subscribe') subscribe(c, m);
      else if (c.subs.delete(m)) { subscribers[m]!.delete(c); subscriptions--; }
    }
  };

  return {
    attach(ws) {
      const c: Client = {
        ws, connId: `sim${(++sessions).toString(16).padStart(6, '0')}`, subs: new Map(), timers: new Set(),
        ops: new RateWindow(config.subscribeMessagesPerHour, config.subscribeWindowMs), lastSentAt: Date.now(), open: true,
      };
      clients.add(c);
      counters.connections++;
      ws.on('message', (d) => handle(c, messageText(d)));
      ws.on('close', () => drop(c));
      ws.on('error', () => {});
    },
    broadcast(m, frame) {
      for (const c of subscribers[m] ?? []) if (c.subs.get(m) === true) send(c, frame);
    },
    sendAll(frames) {
      let n = 0;
      for (const c of [...clients]) for (const f of typeof frames === 'function' ? frames(c.connId) : frames) { send(c, f); n++; }
      return n;
    },
    terminateAll() { for (const c of [...clients]) { c.ws.terminate(); drop(c); } },
    sweep(now) {
      for (const c of [...clients]) {
        if (now - c.lastSentAt > config.idleCloseMs) { counters.idleCloses++; c.ws.close(4004, 'No data pushed for 30 s'); drop(c); }
      }
    },
    subscribers: (m) => subscribers[m]?.size ?? 0,
    count: () => clients.size,
    subscriptions: () => subscriptions,
  };
}
