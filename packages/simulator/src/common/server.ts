// The HTTP + WebSocket server every simulated venue runs on: one port, REST on the HTTP
// handler, the venue's WebSocket path upgraded after the venue's own admission check (its
// connection limits), which can refuse the handshake with an HTTP status as venues do.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** Client messages are a few kilobytes at most; ws refuses bigger ones (close 1009). */
export const MAX_CLIENT_MESSAGE_BYTES = 256 * 1024;

export interface VenueServerOptions {
  host: string;
  port: number;
  wsPath: string;
  onRequest(req: IncomingMessage, res: ServerResponse, body: string): void;
  /** null admits the connection; otherwise the status line and body the handshake is refused with. */
  admit(req: IncomingMessage): null | { status: number; reason: string };
  onConnection(ws: WebSocket, req: IncomingMessage): void;
}

export interface VenueServer {
  start(): Promise<{ host: string; port: number }>;
  stop(): Promise<void>;
}

/** REST bodies we read; venues answer bigger ones with 413. */
const MAX_REST_BODY_BYTES = 64 * 1024;

/** The client's address, the key of per-IP limits. */
export const clientIp = (req: IncomingMessage): string => req.socket.remoteAddress ?? '?';

export function createVenueServer(opts: VenueServerOptions): VenueServer {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_REST_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_REST_BODY_BYTES) { res.writeHead(413).end(); return; }
      opts.onRequest(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => opts.onConnection(ws, req));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '/').split('?')[0];
    const refusal = path === opts.wsPath ? opts.admit(req) : { status: 404, reason: 'Not Found' };
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal.status} ${refusal.reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  let started: Promise<{ host: string; port: number }> | undefined;
  return {
    start() {
      started ??= new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, opts.host, () => {
          server.off('error', reject);
          const { port } = server.address() as AddressInfo;
          const h = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
          resolve({ host: h, port });
        });
      });
      return started;
    },
    async stop() {
      for (const ws of wss.clients) ws.terminate();
      if (!server.listening) return;
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Sends a JSON (or text) body with its length; HEAD gets the headers only. */
export function reply(req: IncomingMessage, res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(req.method === 'HEAD' ? undefined : body);
}
