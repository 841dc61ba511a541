// A minimal Lighter venue whose every frame the test writes: for sending exactly the corpus a
// test wants (the simulator's own faults are covered elsewhere).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ScriptedVenue {
  wsUrl: string;
  restUrl: string;
  /** Resolves with each new connection, after it subscribed to every market. */
  nextSubscribed(): Promise<WebSocket>;
  close(): Promise<void>;
}

export const level = (price: string, size: string) => `{"price":"${price}","size":"${size}"}`;

export function bookFrame(type: 'subscribed/order_book' | 'update/order_book', market: number, nonce: number, begin: number,
  bids: [string, string][], asks: [string, string][]): string {
  return `{"channel":"order_book:${market}","type":"${type}","timestamp":${Date.now()},"order_book":{"code":0,`
    + `"asks":[${asks.map(([p, s]) => level(p, s)).join(',')}],"bids":[${bids.map(([p, s]) => level(p, s)).join(',')}],`
    + `"nonce":${nonce},"begin_nonce":${begin},"offset":${nonce}}}`;
}

export async function startScriptedVenue(markets: { id: number; symbol: string }[]): Promise<ScriptedVenue> {
  const http: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({
      code: 200,
      order_books: markets.map((m) => ({
        symbol: m.symbol, market_id: m.id, market_type: 'perp', status: 'active',
        supported_price_decimals: 2, supported_size_decimals: 4,
      })),
    }));
  });
  const wss = new WebSocketServer({ server: http, path: '/stream' });
  const waiting: ((ws: WebSocket) => void)[] = [];
  wss.on('connection', (ws) => {
    ws.send('{"type":"connected","session_id":"scripted"}');
    const subscribed = new Set<string>();
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string; channel?: string };
      if (msg.type === 'subscribe' && msg.channel) subscribed.add(msg.channel);
      if (msg.type === 'ping') ws.send('{"type":"pong"}');
      if (subscribed.size === markets.length && msg.type === 'subscribe') waiting.shift()?.(ws);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    wsUrl: `ws://127.0.0.1:${port}/stream`,
    restUrl: `http://127.0.0.1:${port}/api/v1/orderBooks`,
    nextSubscribed: () => new Promise((resolve) => waiting.push(resolve)),
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
