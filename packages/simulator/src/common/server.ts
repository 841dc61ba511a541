// The HTTP + WebSocket server every simulated venue runs on: one port, REST on the HTTP handler
// (the body read first, within a bound), WebSocket upgrades on the venue's paths after the
// venue's admission check (its connection limits), which can refuse the handshake with an HTTP
// status as a venue's edge does.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** Client messages are a few kilobytes at most; ws refuses bigger ones (close 1009). */
export const MAX_CLIENT_MESSAGE_BYTES = 256 * 1024;
/** REST bodies we read; venues answer bigger ones with 413. */
const MAX_REST_BODY_BYTES = 64 * 1024;

/** The status line a handshake is refused with. */
export interface Refusal { status: number; reason: string }

export interface VenueServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) = a free port. */
  port?: number;
  /** Paths (before any `?`) that accept WebSocket upgrades. */
  wsPaths: readonly string[];
  /** Largest client message ws accepts (close 1009 past it), default MAX_CLIENT_MESSAGE_BYTES. */
  maxPayload?: number;
  onRequest(req: IncomingMessage, res: ServerResponse, body: string): void;
  /** null admits the connection; otherwise the refusal. */
  admit(req: IncomingMessage): Refusal | null;
  onConnection(ws: WebSocket, req: IncomingMessage): void;
}

export interface VenueServer {
  /** Resolves with `http://host:port`. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

/** The client's address, the key of per-IP limits. */
export const clientIp = (req: IncomingMessage): string => req.socket.remoteAddress ?? '?';

const refuse = (socket: Duplex, r: Refusal) => {
  socket.end(`HTTP/1.1 ${r.status} ${r.reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
};

export function createVenueServer(opts: VenueServerOptions): VenueServer {
  const host = opts.host ?? '127.0.0.1';
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
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload ?? MAX_CLIENT_MESSAGE_BYTES });
  wss.on('error', () => { /* listen errors reach start() through the http server */ });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => { /* a client's broken handshake is its problem */ });
    const path = (req.url ?? '/').split('?')[0]!;
    const refusal = opts.wsPaths.includes(path) ? opts.admit(req) : { status: 404, reason: 'Not Found' };
    if (refusal) { refuse(socket, refusal); return; }
    wss.handleUpgrade(req, socket, head, (ws) => opts.onConnection(ws, req));
  });
  let started: Promise<string> | undefined;
  return {
    start() {
      started ??= new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port ?? 0, host, () => {
          server.off('error', reject);
          const { port } = server.address() as AddressInfo;
          const h = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
          resolve(`http://${h}:${port}`);
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

/** Sends a JSON body (or another type, given in `headers`) with its length; a HEAD request gets the headers only (node's rule). */
export function sendJson(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** The headers of a plain-text answer. */
export const PLAIN_TEXT = { 'content-type': 'text/plain' } as const;

/** A client message as text, whatever frame type ws delivered it in. */
export const messageText = (data: Buffer | ArrayBuffer | Buffer[]): string =>
  Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data instanceof ArrayBuffer ? Buffer.from(data).toString('utf8') : data.toString('utf8');
