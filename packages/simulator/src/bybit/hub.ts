// The venue's side of every Bybit public linear WebSocket: ops subscribe / unsubscribe / ping,
// the per-connection argument budget (21,000 characters), an optional args-per-message cap, the
// idle close (no client message and no data for idleCloseMs), and fan-out of the central deltas.
// Replies are written as the venue writes them; every breach is counted.
import type { RawData, WebSocket } from 'ws';

export const MAX_CLIENT_BUFFERED_BYTES = 16 * 1024 * 1024;
const SEND_TEXT = { binary: false } as const;
const MAX_ECHO_CHARS = 120;

export interface BybitLimits {
  argsCharsPerConnection: number;
  /** Infinity on linear ("no args limit for Futures for now"); 10 is the spot rule. */
  argsPerMessage: number;
  idleCloseMs: number;
}

export interface BybitHubCounters {
  sent: number;
  /** orderbook frames sent (snapshots and deltas). */
  books: number;
  snapshots: number;
  subscribes: number;
  unsubscribes: number;
  pings: number;
  /** success:false replies, all causes. */
  errors: number;
  argsCharsBreaches: number;
  argsPerMessageBreaches: number;
  idleCloses: number;
  slowDrops: number;
}

interface Session {
  ws: WebSocket;
  ip: string;
  connId: string;
  subs: Set<number>;
  argsChars: number;
  /** Last client message or data frame sent: what keeps a connection from the idle close. */
  lastActivity: number;
  open: boolean;
}

export interface BybitHubDeps {
  /** `orderbook.50.BTCUSDT` → market index, -1 for a topic the venue has no handler for. */
  marketOfTopic(topic: string): number;
  limits: BybitLimits;
  counters: BybitHubCounters;
  /** The market's current book as a snapshot frame. */
  snapshot(id: number): string;
  snapshotDelayMs(): number;
}

export function createBybitHub(deps: BybitHubDeps) {
  const { counters, limits } = deps;
  const sessions = new Set<Session>();
  const subscribers = new Map<number, Set<Session>>();
  let connSeq = 0;

  const drop = (s: Session) => {
    if (!s.open) return;
    s.open = false;
    sessions.delete(s);
    for (const id of s.subs) subscribers.get(id)?.delete(s);
    s.subs.clear();
  };

  const send = (s: Session, data: string | Buffer, isData = false): boolean => {
    if (!s.open) return false;
    if (s.ws.bufferedAmount > MAX_CLIENT_BUFFERED_BYTES) {
      counters.slowDrops++;
      s.ws.terminate();
      drop(s);
      return false;
    }
    s.ws.send(data, SEND_TEXT);
    counters.sent++;
    if (isData) s.lastActivity = Date.now();
    return true;
  };

  const replyTo = (s: Session, op: string, reqId: unknown, success: boolean, retMsg: string) => {
    if (!success) counters.errors++;
    send(s, JSON.stringify({ success, ret_msg: retMsg, conn_id: s.connId, req_id: typeof reqId === 'string' ? reqId : '', op }));
  };

  const sendSnapshot = (s: Session, id: number) => {
    if (s.subs.has(id) && send(s, deps.snapshot(id), true)) { counters.books++; counters.snapshots++; }
  };

  const subscribe = (s: Session, args: string[], reqId: unknown) => {
    let failure = '';
    const added: number[] = [];
    for (const topic of args) {
      const id = deps.marketOfTopic(topic);
      let why = '';
      if (id < 0) why = `error:handler not found,topic:${topic.slice(0, MAX_ECHO_CHARS)}`;
      else if (s.subs.has(id)) why = `error:already subscribed,topic:${topic}`;
      else if (s.argsChars + topic.length > limits.argsCharsPerConnection) {
        counters.argsCharsBreaches++;
        why = `error:args length over ${limits.argsCharsPerConnection} characters,topic:${topic}`;
      }
      if (why) { failure ||= why; continue; }
      counters.subscribes++;
      s.subs.add(id);
      s.argsChars += topic.length;
      let set = subscribers.get(id);
      if (!set) { set = new Set(); subscribers.set(id, set); }
      set.add(s);
      added.push(id);
    }
    // One reply per message: the first refusal names its topic; the other topics still count.
    replyTo(s, 'subscribe', reqId, failure === '', failure);
    const delay = deps.snapshotDelayMs();
    for (const id of added) {
      if (delay > 0) setTimeout(() => sendSnapshot(s, id), delay).unref();
      else sendSnapshot(s, id);
    }
  };

  const unsubscribe = (s: Session, args: string[], reqId: unknown) => {
    let failure = '';
    for (const topic of args) {
      const id = deps.marketOfTopic(topic);
      if (id < 0) { failure ||= `error:handler not found,topic:${topic.slice(0, MAX_ECHO_CHARS)}`; continue; }
      if (!s.subs.delete(id)) continue;
      counters.unsubscribes++;
      s.argsChars -= topic.length;
      subscribers.get(id)?.delete(s);
    }
    replyTo(s, 'unsubscribe', reqId, failure === '', failure);
  };

  const handle = (s: Session, data: RawData) => {
    s.lastActivity = Date.now();
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8')
      : data instanceof ArrayBuffer ? Buffer.from(data).toString('utf8') : data.toString('utf8');
    let msg: unknown;
    try { msg = JSON.parse(text); } catch {
      replyTo(s, '', undefined, false, `Failed to decode incoming data:readObjectStart: expect { or n, but found ${text.slice(0, 1)}`);
      return;
    }
    const obj = typeof msg === 'object' && msg !== null && !Array.isArray(msg) ? msg as Record<string, unknown> : {};
    const op = typeof obj.op === 'string' ? obj.op : '';
    if (op === 'ping') { counters.pings++; replyTo(s, 'ping', obj.req_id, true, 'pong'); return; }
    if (op !== 'subscribe' && op !== 'unsubscribe') { replyTo(s, op.slice(0, MAX_ECHO_CHARS), obj.req_id, false, 'error:invalid op'); return; }
    const args = obj.args;
    if (!Array.isArray(args) || args.length === 0 || !args.every((a) => typeof a === 'string')) {
      replyTo(s, op, obj.req_id, false, 'error:args invalid');
      return;
    }
    if (args.length > limits.argsPerMessage) {
      counters.argsPerMessageBreaches++;
      replyTo(s, op, obj.req_id, false, `args size >${limits.argsPerMessage}`);
      return;
    }
    if (op === 'subscribe') subscribe(s, args as string[], obj.req_id);
    else unsubscribe(s, args as string[], obj.req_id);
  };

  return {
    attach(ws: WebSocket, ip: string) {
      const s: Session = {
        ws, ip, connId: `sim-${(++connSeq).toString(36)}-linear`, subs: new Set(), argsChars: 0, lastActivity: Date.now(), open: true,
      };
      sessions.add(s);
      ws.on('message', (data) => handle(s, data));
      ws.on('close', () => drop(s));
      ws.on('error', () => { /* a 'close' follows */ });
    },
    broadcast(id: number, frame: string, snapshot = false): void {
      const set = subscribers.get(id);
      if (!set || set.size === 0) return;
      const data = set.size > 1 ? Buffer.from(frame) : frame;
      for (const s of [...set]) {
        if (!send(s, data, true)) continue;
        counters.books++;
        if (snapshot) counters.snapshots++;
      }
    },
    sendAll(frames: (market: number | undefined) => readonly string[]): number {
      let n = 0;
      for (const s of [...sessions]) for (const f of frames(s.subs.values().next().value)) if (send(s, f)) n++;
      return n;
    },
    closeIdle(now: number) {
      for (const s of [...sessions]) {
        if (now - s.lastActivity < limits.idleCloseMs) continue;
        counters.idleCloses++;
        s.ws.terminate();
        drop(s);
      }
    },
    terminateAll() { for (const s of [...sessions]) { s.ws.terminate(); drop(s); } },
    count: () => sessions.size,
    countFrom: (ip: string) => { let n = 0; for (const s of sessions) if (s.ip === ip) n++; return n; },
    subscribed: (id: number) => (subscribers.get(id)?.size ?? 0) > 0,
    subscriptions: () => { let n = 0; for (const s of sessions) n += s.subs.size; return n; },
  };
}

export type BybitHub = ReturnType<typeof createBybitHub>;
