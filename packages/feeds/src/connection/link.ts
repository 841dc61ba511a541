// One connection of a venue feed: dial (under the pacer's connection budget), keep alive, judge
// liveness, recycle before the venue's max age, reconnect with backoff. Liveness comes only from
// OUR pings being answered: after a ping, the pong or any other frame proves the connection
// alive; no answer within pongTimeoutMs and it is cut. Market traffic is never awaited, so a
// connection of quiet markets lives forever. The ping also keeps it out of the venue's idle close.
//
// Reconnect backoff (issue 20.6): exponential with jitter while dials fail, and reset to the
// base delay as soon as a handshake is healthy (open, and a first frame from the venue), so a
// storm of closes does not leave the feed waiting tens of seconds after the venue is back. The
// connection budget still bounds how fast we dial.
import type { Clock } from '@ob/core';
import { backoffDelay, type BackoffOptions } from '../backoff';
import type { ClientWebSocket, WebSocketHandlers, WebSocketOptions } from '../ws/web-socket';
import type { Pacer } from './pacer';
import { SlidingWindow } from './window';

export type Connect = (url: string, opts: WebSocketOptions, handlers: WebSocketHandlers) => ClientWebSocket;

export type LinkState = 'idle' | 'connecting' | 'open' | 'backoff' | 'stopped';

/** No answer (pong or any frame) this long after our ping: the connection is dead. */
export const PONG_TIMEOUT_MS = 15_000;
/**
 * Of a per-second budget per connection, this many are kept for what cannot wait (our ping, a
 * pong to the venue's ping, at the WebSocket or application level): subscribes get the rest.
 */
export const SECOND_RESERVE = 2;

export interface LinkDeps {
  index: number;
  url: string;
  clock: Clock;
  connect: Connect;
  socketOpts: WebSocketOptions;
  pacer: Pacer;
  ping: string;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  /** Recycle the connection at about this age (Infinity: never). */
  recycleAgeMs: number;
  /** Client messages this connection may send per second, pings included (Infinity: no limit). */
  sendsPerSecond: number;
  backoff?: BackoffOptions;
  /** Called with each frame while open. */
  onMessage(link: Link, text: string, bytes: number): void;
  onOpen(link: Link): void;
  /** After the socket closed; `wasOpen` false for a failed dial. */
  onClose(link: Link, code: number, wasOpen: boolean): void;
  onError(link: Link, err: Error & { code?: string }): void;
  /** Whether this link may recycle now (one link at a time, staggered). */
  mayRecycle(link: Link): boolean;
  log(level: 'info' | 'warn', key: string, obj: object, msg: string): void;
}

export interface Link {
  readonly index: number;
  /** Market ids this connection carries. */
  readonly markets: Set<number>;
  state(): LinkState;
  isOpen(): boolean;
  /** ms since open (0 when not open). */
  age(now: number): number;
  reconnects(): number;
  /** Recycles for age so far. */
  recycles(): number;
  /** True while this link is closing for age (its books are resynced on reopen). */
  recycling(): boolean;
  send(text: string): boolean;
  /** Subscribe messages that may go out on this connection now, within its per-second budget. */
  room(now: number): number;
  /** Dial if idle and allowed; ping, check liveness and age while open. */
  tick(now: number): void;
  /** Cut the connection (a reconnect follows unless stopped). */
  drop(reason: string): void;
  stop(graceMs: number): Promise<void>;
}

export function createLink(d: LinkDeps): Link {
  const { clock } = d;
  const markets = new Set<number>();
  let state: LinkState = 'idle';
  let ws: ClientWebSocket | undefined;
  let openedAt = 0;
  let healthy = false;
  let attempt = 0;
  let retryAt = 0;
  let reconnects = 0;
  let dialled = false;
  let recycles = 0;
  let recyclingNow = false;
  let lastPingAt = 0;
  /** Time of our last unanswered ping, or 0. */
  let pingOutstanding = 0;
  let lastFrameAt = 0;
  // Each link recycles at a different age, so links opened together do not all go at once.
  const recycleAt = d.recycleAgeMs === Infinity ? Infinity : d.recycleAgeMs * (1 - 0.1 * ((d.index * 0.618) % 1));
  let closed: (() => void) | undefined;
  const sent = d.sendsPerSecond === Infinity ? undefined : new SlidingWindow(1_000);
  const sendNow = (sock: ClientWebSocket, text: string) => {
    sent?.add(clock.now());
    sock.send(text);
  };

  const dial = (now: number) => {
    if (!d.pacer.takeConnection(now)) return; // the connection budget is spent: try on a later tick
    if (dialled) reconnects++;
    dialled = true;
    state = 'connecting';
    healthy = false;
    let sock: ClientWebSocket;
    let wasOpen = false;
    try {
      sock = d.connect(d.url, d.socketOpts, {
        open() {
          if (state === 'stopped') return;
          wasOpen = true;
          state = 'open';
          openedAt = lastFrameAt = lastPingAt = clock.now();
          pingOutstanding = 0;
          d.onOpen(link);
        },
        message(text, bytes) {
          if (state !== 'open') return;
          lastFrameAt = clock.now();
          pingOutstanding = 0; // any frame answers our ping
          if (!healthy) { healthy = true; attempt = 0; }
          d.onMessage(link, text, bytes);
        },
        error(err) { d.onError(link, err); },
        close(code) {
          if (ws === sock) ws = undefined;
          const stopping = state === 'stopped';
          if (!stopping) {
            state = 'backoff';
            // A recycle or a healthy connection comes back at once; failures back off.
            retryAt = clock.now() + (recyclingNow ? 0 : backoffDelay(attempt++, d.backoff));
          }
          recyclingNow = false;
          d.onClose(link, code, wasOpen);
          closed?.();
        },
      });
    } catch (err) {
      d.log('warn', 'ws-url', { err: String(err) }, 'feed: cannot open the websocket');
      state = 'backoff';
      retryAt = now + backoffDelay(attempt++, d.backoff);
      return;
    }
    ws = sock;
  };

  const link: Link = {
    index: d.index,
    markets,
    state: () => state,
    isOpen: () => state === 'open' && ws?.isOpen === true,
    age: (now) => (state === 'open' ? now - openedAt : 0),
    reconnects: () => reconnects,
    recycles: () => recycles,
    recycling: () => recyclingNow,
    send(text) {
      if (state !== 'open' || !ws?.isOpen) return false;
      sendNow(ws, text);
      return true;
    },
    room: (now) => (sent ? Math.max(0, Math.max(1, d.sendsPerSecond - SECOND_RESERVE) - sent.count(now)) : Infinity),
    tick(now) {
      if (state === 'stopped') return;
      if (state === 'idle' || (state === 'backoff' && now >= retryAt)) {
        if (markets.size > 0) dial(now);
        return;
      }
      if (state !== 'open' || !ws) return;
      if (pingOutstanding !== 0 && lastFrameAt < pingOutstanding && now - pingOutstanding > d.pongTimeoutMs) {
        d.log('warn', 'pong-timeout', { link: d.index, waitedMs: now - pingOutstanding }, 'feed: ping not answered, reconnecting');
        ws.terminate();
        return;
      }
      if (now - lastPingAt >= d.pingIntervalMs) {
        lastPingAt = now;
        if (pingOutstanding === 0) pingOutstanding = now;
        d.pacer.note(now, 1);
        sendNow(ws, d.ping);
      }
      if (!recyclingNow && now - openedAt >= recycleAt && d.mayRecycle(link)) {
        recyclingNow = true;
        recycles++;
        d.log('info', 'recycle', { link: d.index, ageMs: now - openedAt }, 'feed: connection near the venue\'s max age, reconnecting it');
        ws.close(1000);
      }
    },
    drop(reason) {
      if (ws && state === 'open') {
        d.log('warn', 'drop', { link: d.index, reason }, 'feed: dropping connection');
        ws.terminate();
      }
    },
    stop(graceMs) {
      const sock = ws;
      state = 'stopped';
      if (!sock) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const cut = clock.setTimeout(() => sock.terminate(), graceMs);
        closed = () => { clock.clearTimeout(cut); resolve(); };
        sock.close(1000);
      });
    },
  };
  return link;
}
