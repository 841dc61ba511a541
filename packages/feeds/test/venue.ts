// A scripted Lighter venue for tests: a real HTTP server (the market list) and a real
// WebSocket server on port 0. The test decides every frame; the venue records what the
// client sent on each connection.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';
import type { BookEvent, FeedListener, InvalidateReason, MarketInfo } from '@ob/core';
import type { FeedLogger } from '../src/index';

export interface VenueMarket { symbol: string; market_id: number; status: string }

export interface VenueConn {
  ws: WebSocket;
  /** Parsed client messages, in order. */
  received: Array<{ type?: string; channel?: string }>;
  send(frame: string | object): void;
}

export interface ScriptedVenue {
  wsUrl: string;
  restUrl: string;
  conns: VenueConn[];
  restHits: number;
  /** What GET /api/v1/orderBooks answers: a body (object or raw text) and status. */
  rest: { status: number; body: unknown };
  last(): VenueConn;
  close(): Promise<void>;
}

export const defaultMarkets: VenueMarket[] = [
  { symbol: 'ETH', market_id: 0, status: 'active' },
  { symbol: 'BTC', market_id: 1, status: 'active' },
  { symbol: 'SOL', market_id: 2, status: 'active' },
  { symbol: 'OLD', market_id: 7, status: 'inactive' },
];

export const listBody = (markets: VenueMarket[]) => ({
  code: 200,
  order_books: markets.map((m) => ({
    ...m, market_type: 'perp', supported_price_decimals: 2, supported_size_decimals: 4,
  })),
});

export async function startVenue(markets: VenueMarket[] = defaultMarkets): Promise<ScriptedVenue> {
  const venue: ScriptedVenue = {
    wsUrl: '', restUrl: '', conns: [], restHits: 0,
    rest: { status: 200, body: listBody(markets) },
    last() {
      const c = venue.conns.at(-1);
      if (!c) throw new Error('no connection yet');
      return c;
    },
    close: async () => {},
  };
  const http: Server = createServer((req, res) => {
    if (req.url !== '/api/v1/orderBooks') { res.writeHead(404).end(); return; }
    venue.restHits++;
    const { status, body } = venue.rest;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  const wss = new WebSocketServer({ server: http, path: '/stream' });
  wss.on('connection', (ws) => {
    const conn: VenueConn = {
      ws,
      received: [],
      send: (f) => { if (ws.readyState === WebSocket.OPEN) ws.send(typeof f === 'string' ? f : JSON.stringify(f)); },
    };
    ws.on('message', (d) => { try { conn.received.push(JSON.parse(d.toString())); } catch { conn.received.push({}); } });
    ws.on('error', () => {});
    venue.conns.push(conn);
    conn.send({ type: 'connected', session_id: 'test' });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  venue.wsUrl = `ws://127.0.0.1:${port}/stream`;
  venue.restUrl = `http://127.0.0.1:${port}/api/v1/orderBooks`;
  venue.close = async () => {
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
  return venue;
}

type Levels = Array<[string, string]>;
const lv = (l: Levels) => l.map(([price, size]) => ({ price, size }));

export const snapshot = (market: number, nonce: number, bids: Levels = [['100.0', '1']], asks: Levels = [['101.0', '1']]) =>
  JSON.stringify({
    channel: `order_book:${market}`, type: 'subscribed/order_book', timestamp: 1_791_365_635_786,
    order_book: { code: 0, bids: lv(bids), asks: lv(asks), nonce, begin_nonce: 0, offset: 1 },
  });

export const delta = (market: number, beginNonce: number, nonce: number, bids: Levels = [], asks: Levels = []) =>
  JSON.stringify({
    channel: `order_book:${market}`, type: 'update/order_book', timestamp: 1_791_365_635_800,
    order_book: { bids: lv(bids), asks: lv(asks), nonce, begin_nonce: beginNonce, offset: 2 },
  });

/** Channels the client subscribed (or unsubscribed) on one connection, in order. */
export const sent = (c: VenueConn, type: 'subscribe' | 'unsubscribe') =>
  c.received.filter((m) => m.type === type).map((m) => m.channel);

export interface Recorder extends FeedListener {
  events: BookEvent[];
  invalidations: Array<{ market: number; reason: InvalidateReason }>;
  lists: MarketInfo[][];
}

export function recorder(): Recorder {
  const r: Recorder = {
    events: [], invalidations: [], lists: [],
    event: (ev) => { r.events.push(ev); },
    invalidate: (market, reason) => { r.invalidations.push({ market, reason }); },
    markets: (list) => { r.lists.push([...list]); },
  };
  return r;
}

/** A logger that keeps lines (tests look at them) and prints nothing. */
export function memoryLog(): FeedLogger & { lines: Array<{ level: string; msg: string }> } {
  const lines: Array<{ level: string; msg: string }> = [];
  const at = (level: string) => (obj: object | string, msg?: string) => {
    lines.push({ level, msg: msg ?? (typeof obj === 'string' ? obj : '') });
  };
  return { lines, info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
}

/** Options that make reconnects quick in tests. */
export const fastBackoff = { baseMs: 20, maxMs: 200 };
