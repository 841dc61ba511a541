// The one owner of the dashboard's WebSocket (/ws): keeps the latest stats, markets and config
// in React state, hands book frames to subscribers, and reconnects by itself with backoff.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClientFrame, ConfigResponse, MarketStats, ServerFrame, StatsSnapshot } from '@ob/protocol';
import { reconnectDelay } from './backoff';
import { createBookSubscriptions, type BookListener } from './bookSubscriptions';
import { parseServerFrame } from './frames';

/** With stats pushed at >= 1 Hz, this much silence means the link is dead even if TCP says otherwise. */
export const LINK_SILENCE_MS = 6_000;
const WATCHDOG_EVERY_MS = 1_000;

export type LinkStatus = 'connecting' | 'open' | 'reconnecting';

export interface LiveState {
  link: LinkStatus;
  /** Failed attempts since the link was last open. */
  attempt: number;
  /** When the next attempt starts (ms since epoch) while reconnecting. */
  retryAt: number | null;
  /** Counts hello frames: a new value means a fresh session (refetch history). */
  session: number;
  /** Every venue summed. */
  stats: StatsSnapshot | null;
  /** Each venue's own figures (one entry when the server streams one venue). */
  venueStats: StatsSnapshot[];
  markets: MarketStats[];
  config: ConfigResponse | null;
  statsHz: number;
  lastError: { code: string; message: string } | null;
}

export interface LiveStream extends LiveState {
  /** Book frames of the venue's `symbol` go to `listener` until the returned function is called. */
  subscribeBook(venue: string, symbol: string, depth: number | undefined, listener: BookListener): () => void;
}

const initialState: LiveState = {
  link: 'connecting', attempt: 0, retryAt: null, session: 0,
  stats: null, venueStats: [], markets: [], config: null, statsHz: 1, lastError: null,
};

export function defaultWsUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/ws`;
}

function reduceFrame(s: LiveState, f: ServerFrame): LiveState {
  switch (f.type) {
    case 'hello':
      return { ...s, session: s.session + 1, config: f.config, markets: f.markets, statsHz: f.statsHz, lastError: null };
    case 'stats':
      return { ...s, stats: f.stats, venueStats: f.venues ?? [f.stats], markets: f.markets };
    case 'config':
      return { ...s, config: f.config };
    case 'error':
      return { ...s, lastError: { code: f.code, message: f.message } };
    default:
      return s;
  }
}

export function useLiveStream(url: string = defaultWsUrl()): LiveStream {
  const [state, setState] = useState<LiveState>(initialState);
  const subsRef = useRef(createBookSubscriptions());
  const socketRef = useRef<WebSocket | null>(null);

  const send = useCallback((frame: ClientFrame) => {
    const ws = socketRef.current;
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  }, []);

  useEffect(() => {
    const subs = subsRef.current;
    let disposed = false;
    let attempt = 0;
    let lastFrameAt = Date.now();
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const scheduleReconnect = () => {
      const delay = reconnectDelay(attempt);
      attempt += 1;
      setState((s) => ({ ...s, link: 'reconnecting', attempt, retryAt: Date.now() + delay }));
      retryTimer = setTimeout(connect, delay);
    };

    const drop = (ws: WebSocket) => {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      ws.close();
      if (socketRef.current === ws) socketRef.current = null;
    };

    function connect() {
      if (disposed) return;
      const ws = new WebSocket(url);
      socketRef.current = ws;
      ws.onopen = () => {
        attempt = 0;
        lastFrameAt = Date.now();
        setState((s) => ({ ...s, link: 'open', attempt: 0, retryAt: null }));
        for (const { venue, symbol, depth } of subs.entries()) {
          ws.send(JSON.stringify(depth === undefined ? { type: 'subscribe', venue, symbol } : { type: 'subscribe', venue, symbol, depth }));
        }
      };
      ws.onmessage = (ev) => {
        lastFrameAt = Date.now();
        const frame = parseServerFrame(ev.data);
        if (!frame) return;
        if (frame.type === 'book') subs.dispatch(frame.book);
        else if (frame.type !== 'pong') setState((s) => reduceFrame(s, frame));
      };
      ws.onclose = () => {
        drop(ws);
        if (!disposed) scheduleReconnect();
      };
      ws.onerror = () => { /* a close event follows; reconnecting happens there */ };
    }

    // A half-open TCP connection never fires close: treat prolonged silence as a drop.
    const watchdog = setInterval(() => {
      const ws = socketRef.current;
      if (ws && ws.readyState === WebSocket.OPEN && Date.now() - lastFrameAt > LINK_SILENCE_MS) {
        drop(ws);
        scheduleReconnect();
      }
    }, WATCHDOG_EVERY_MS);

    connect();
    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      clearInterval(watchdog);
      if (socketRef.current) drop(socketRef.current);
    };
  }, [url]);

  const subscribeBook = useCallback((venue: string, symbol: string, depth: number | undefined, listener: BookListener) => {
    const subs = subsRef.current;
    if (subs.add(venue, symbol, depth, listener)) {
      send(depth === undefined ? { type: 'subscribe', venue, symbol } : { type: 'subscribe', venue, symbol, depth });
    }
    return () => {
      if (subs.remove(venue, symbol, listener)) send({ type: 'unsubscribe', venue, symbol });
    };
  }, [send]);

  return { ...state, subscribeBook };
}
