// The connections of a simulated venue, whatever its protocol: who is subscribed to what, sending
// with the slow-consumer rule, fan-out to a market's subscribers, the idle close, per-IP counts.
// Each venue's hub adds its own protocol on top.
import type { WebSocket } from 'ws';
import { messageText } from './server';

/**
 * A client whose unsent backlog grows past this is disconnected, as a real venue drops a slow
 * consumer. The alternative (skipping frames for it) would hand it a silent gap, because every
 * update advances its market's sequence for everyone; a close is visible and it resubscribes.
 */
export const MAX_CLIENT_BUFFERED_BYTES = 16 * 1024 * 1024;
const SEND_TEXT = { binary: false } as const;

export interface Session {
  readonly ws: WebSocket;
  readonly ip: string;
  readonly subs: Set<number>;
  open: boolean;
  /** Last frame of any kind sent to it, last market-data frame sent, last client message. */
  lastSentAt: number;
  lastDataAt: number;
  lastHeardAt: number;
}

export interface SessionCounters { sent: number; slowDrops: number; idleCloses: number }

export function createSessions(counters: SessionCounters) {
  const sessions = new Set<Session>();
  const subscribers = new Map<number, Set<Session>>();

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
    s.lastSentAt = Date.now();
    if (isData) s.lastDataAt = s.lastSentAt;
    return true;
  };

  return {
    /** Registers a socket; `onMessage` gets each client message as text. */
    attach(ws: WebSocket, ip: string, onMessage: (s: Session, text: string) => void): Session {
      const now = Date.now();
      const s: Session = { ws, ip, subs: new Set(), open: true, lastSentAt: now, lastDataAt: now, lastHeardAt: now };
      sessions.add(s);
      ws.on('message', (data) => { s.lastHeardAt = Date.now(); onMessage(s, messageText(data)); });
      ws.on('close', () => drop(s));
      ws.on('error', () => { /* a 'close' follows; a client's broken socket is its problem */ });
      return s;
    },
    send,
    subscribe(s: Session, id: number): void {
      s.subs.add(id);
      let set = subscribers.get(id);
      if (!set) { set = new Set(); subscribers.set(id, set); }
      set.add(s);
    },
    /** False when it was not subscribed. */
    unsubscribe(s: Session, id: number): boolean {
      if (!s.subs.delete(id)) return false;
      subscribers.get(id)?.delete(s);
      return true;
    },
    /** One market-data frame to every subscriber of `id`; how many got it. */
    broadcast(id: number, frame: string): number {
      const set = subscribers.get(id);
      if (!set || set.size === 0) return 0;
      const data = set.size > 1 ? Buffer.from(frame) : frame; // encoded once for several clients
      let n = 0;
      for (const s of [...set]) if (send(s, data, true)) n++;
      return n;
    },
    /** Frames to every session (fault injection), given a market it follows. */
    sendAll(frames: (market: number | undefined) => readonly string[]): number {
      let n = 0;
      for (const s of [...sessions]) for (const f of frames(s.subs.values().next().value)) if (send(s, f)) n++;
      return n;
    },
    /** Terminates (no close frame) every session whose `lastOf` is idleMs old. */
    closeIdle(now: number, idleMs: number, lastOf: (s: Session) => number): void {
      for (const s of [...sessions]) {
        if (now - lastOf(s) < idleMs) continue;
        counters.idleCloses++;
        s.ws.terminate();
        drop(s);
      }
    },
    terminateAll(): void { for (const s of [...sessions]) { s.ws.terminate(); drop(s); } },
    count: () => sessions.size,
    countFrom(ip: string): number { let n = 0; for (const s of sessions) if (s.ip === ip) n++; return n; },
    subscriptionsFrom(ip: string): number { let n = 0; for (const s of sessions) if (s.ip === ip) n += s.subs.size; return n; },
    subscribed: (id: number) => (subscribers.get(id)?.size ?? 0) > 0,
    subscriptions(): number { let n = 0; for (const s of sessions) n += s.subs.size; return n; },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
