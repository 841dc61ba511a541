// The venue's side of every Bybit public linear WebSocket: ops subscribe / unsubscribe / ping,
// the per-connection argument budget (21,000 characters) and an optional args-per-message cap,
// answered in the venue's words and counted. Connections, fan-out and the idle close (no client
// message and no data for idleCloseMs) are the shared sessions'.
import type { WebSocket } from 'ws';
import { createSessions, type Session } from '../common/sessions';

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
  const sessions = createSessions(counters);
  /** Per session: its connection id and the argument characters it holds. */
  const meta = new WeakMap<Session, { connId: string; argsChars: number }>();
  let connSeq = 0;

  const replyTo = (s: Session, op: string, reqId: unknown, success: boolean, retMsg: string) => {
    if (!success) counters.errors++;
    sessions.send(s, JSON.stringify({ success, ret_msg: retMsg, conn_id: meta.get(s)!.connId, req_id: typeof reqId === 'string' ? reqId : '', op }));
  };

  const sendSnapshot = (s: Session, id: number) => {
    if (s.subs.has(id) && sessions.send(s, deps.snapshot(id), true)) { counters.books++; counters.snapshots++; }
  };

  const subscribe = (s: Session, args: string[], reqId: unknown) => {
    const m = meta.get(s)!;
    let failure = '';
    const added: number[] = [];
    for (const topic of args) {
      const id = deps.marketOfTopic(topic);
      let why = '';
      if (id < 0) why = `error:handler not found,topic:${topic.slice(0, MAX_ECHO_CHARS)}`;
      else if (s.subs.has(id)) why = `error:already subscribed,topic:${topic}`;
      else if (m.argsChars + topic.length > limits.argsCharsPerConnection) {
        counters.argsCharsBreaches++;
        why = `error:args length over ${limits.argsCharsPerConnection} characters,topic:${topic}`;
      }
      if (why) { failure ||= why; continue; }
      counters.subscribes++;
      sessions.subscribe(s, id);
      m.argsChars += topic.length;
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
      if (!sessions.unsubscribe(s, id)) continue;
      counters.unsubscribes++;
      meta.get(s)!.argsChars -= topic.length;
    }
    replyTo(s, 'unsubscribe', reqId, failure === '', failure);
  };

  const handle = (s: Session, text: string) => {
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
      meta.set(sessions.attach(ws, ip, handle), { connId: `sim-${(++connSeq).toString(36)}-linear`, argsChars: 0 });
    },
    broadcast(id: number, frame: string, snapshot = false): void {
      const n = sessions.broadcast(id, frame);
      counters.books += n;
      if (snapshot) counters.snapshots += n;
    },
    sendAll: sessions.sendAll,
    /** "No ping-pong and no stream data": neither a client message nor a data frame for idleCloseMs. */
    closeIdle(now: number) { sessions.closeIdle(now, limits.idleCloseMs, (s) => Math.max(s.lastHeardAt, s.lastDataAt)); },
    terminateAll: sessions.terminateAll,
    count: sessions.count,
    countFrom: sessions.countFrom,
    subscribed: sessions.subscribed,
    subscriptions: sessions.subscriptions,
  };
}
