// The HTTP + WebSocket server a venue simulator runs on: REST handled by the venue, WebSocket
// upgrades accepted on the venue's paths after a gate (the venue's connection-rate limit
// refuses with an HTTP status, as a real venue's edge does).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SimServerOptions {
  host?: string;
  port?: number;
  onRequest(req: IncomingMessage, res: ServerResponse): void;
  /** Paths (before any `?`) that accept WebSocket upgrades. */
  wsPaths: readonly string[];
  /** Largest client message ws accepts (close 1009 past it). */
  maxPayload: number;
  /** An HTTP status to refuse the upgrade with (e.g. 429), or undefined to accept. */
  gate(req: IncomingMessage): number | undefined;
  onConnection(ws: WebSocket, req: IncomingMessage): void;
}

export interface SimServer {
  /** `http://host:port` */
  start(): Promise<string>;
  stop(): Promise<void>;
  readonly wss: WebSocketServer;
}

const refuse = (socket: Duplex, status: number, text: string) => {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
};

export function createSimServer(opts: SimServerOptions): SimServer {
  const host = opts.host ?? '127.0.0.1';
  const server = createServer(opts.onRequest);
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload });
  wss.on('error', () => { /* listen errors reach start() through the http server */ });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    const path = (req.url ?? '/').split('?')[0]!;
    if (!opts.wsPaths.includes(path)) { refuse(socket, 404, 'Not Found'); return; }
    const status = opts.gate(req);
    if (status !== undefined) { refuse(socket, status, 'Too Many Requests'); return; }
    wss.handleUpgrade(req, socket, head, (ws) => opts.onConnection(ws, req));
  });
  let started: Promise<string> | undefined;
  return {
    wss,
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

/** Sends a JSON (or text) body with its length. */
export function sendJson(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** A client message as text, whatever frame type ws delivered it in. */
export const messageText = (data: Buffer | ArrayBuffer | Buffer[]): string =>
  Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data instanceof ArrayBuffer ? Buffer.from(data).toString('utf8') : data.toString('utf8');
