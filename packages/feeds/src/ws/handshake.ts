// The WebSocket opening handshake (RFC 6455 §4): an HTTP/1.1 GET with Upgrade headers over
// node:http or node:https, and the server's 101 checked (Upgrade, Sec-WebSocket-Accept, and no
// extension or subprotocol we did not ask for). Hands over the raw socket and any bytes that
// came with the response.
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** An error with a `ws`-style code (WS_ERR_...), which the feed's logs and tests go by. */
const wsError = (message: string, code: string) => Object.assign(new Error(message), { code });

export const acceptKey = (key: string) => createHash('sha1').update(key + GUID).digest('base64');

/** The URL a client may dial (ws: or wss:, no fragment); throws SyntaxError otherwise, as `ws` does. */
export function wsTarget(url: string): URL {
  const u = new URL(url);
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') throw new SyntaxError(`not a WebSocket URL (ws: or wss:): ${url}`);
  if (u.hash) throw new SyntaxError(`a WebSocket URL has no fragment: ${url}`);
  return u;
}

export type UpgradeDone = (err: (Error & { code?: string }) | null, socket?: Socket, head?: Buffer) => void;

/** Starts the handshake; `done` is called exactly once. Returns an abort function. */
export function openUpgrade(target: URL, timeoutMs: number, done: UpgradeDone): () => void {
  const key = randomBytes(16).toString('base64');
  const secure = target.protocol === 'wss:';
  let finished = false;
  const finish: UpgradeDone = (err, socket, head) => {
    if (finished) { socket?.destroy(); return; }
    finished = true;
    clearTimeout(timer);
    done(err, socket, head);
  };
  const req: ClientRequest = (secure ? httpsRequest : httpRequest)({
    host: target.hostname.replace(/^\[|\]$/g, ''), // [::1] → ::1
    port: target.port || (secure ? 443 : 80),
    path: `${target.pathname}${target.search}`,
    agent: false, // the socket becomes ours: no pool to return it to
    headers: {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': key,
    },
  });
  const timer = setTimeout(() => {
    req.destroy();
    finish(wsError('opening handshake has timed out', 'WS_ERR_HANDSHAKE_TIMEOUT'));
  }, timeoutMs);
  req.on('error', (err) => finish(err));
  req.on('response', (res: IncomingMessage) => {
    res.resume();
    req.destroy();
    finish(wsError(`Unexpected server response: ${res.statusCode}`, 'WS_ERR_UNEXPECTED_RESPONSE'));
  });
  req.on('upgrade', (res: IncomingMessage, socket: Socket, head: Buffer) => {
    const refuse = (why: string) => { socket.destroy(); finish(wsError(why, 'WS_ERR_INVALID_HANDSHAKE')); };
    if (res.headers.upgrade?.toLowerCase() !== 'websocket') return refuse('Invalid Upgrade header');
    if (res.headers['sec-websocket-accept'] !== acceptKey(key)) return refuse('Invalid Sec-WebSocket-Accept header');
    if (res.headers['sec-websocket-extensions']) return refuse('Server sent an extension we did not offer');
    if (res.headers['sec-websocket-protocol']) return refuse('Server sent a subprotocol we did not ask for');
    finish(null, socket, head);
  });
  req.end();
  return () => {
    if (finished) return;
    req.destroy();
    finish(wsError('WebSocket was closed before the connection was established', 'WS_ERR_ABORTED'));
  };
}
