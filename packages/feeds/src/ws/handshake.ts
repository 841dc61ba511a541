// The WebSocket opening handshake (RFC 6455 §4): an HTTP/1.1 GET with Upgrade headers, and the
// server's 101 checked (Upgrade, Sec-WebSocket-Accept, and no extension or subprotocol we did
// not ask for). Written and parsed here rather than by node:http, because the socket is one
// that reads into a static buffer (socket-reads.ts), which node:http cannot read from.
import { createHash, randomBytes } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** A response head longer than this is refused (node:http's default limit). */
export const MAX_RESPONSE_HEAD_BYTES = 16 * 1024;

/** An error with a `ws`-style code (WS_ERR_...), which the feed's logs and tests go by. */
export const wsError = (message: string, code: string) => Object.assign(new Error(message), { code });

export const acceptKey = (key: string) => createHash('sha1').update(key + GUID).digest('base64');
export const newKey = () => randomBytes(16).toString('base64');

/** The URL a client may dial (ws: or wss:, no fragment); throws SyntaxError otherwise, as `ws` does. */
export function wsTarget(url: string): URL {
  const u = new URL(url);
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') throw new SyntaxError(`not a WebSocket URL (ws: or wss:): ${url}`);
  if (u.hash) throw new SyntaxError(`a WebSocket URL has no fragment: ${url}`);
  return u;
}

export function upgradeRequest(target: URL, key: string): string {
  return `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n`
    + `Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${key}\r\n\r\n`;
}

/**
 * Reads the server's response head from `buf` (all bytes so far): -1 while it is incomplete,
 * else where the WebSocket stream starts. Throws a WS_ERR_* error for a refusal.
 */
export function readUpgradeResponse(buf: Buffer, key: string): number {
  const end = buf.indexOf('\r\n\r\n', 0, 'latin1');
  if (end < 0) {
    if (buf.length > MAX_RESPONSE_HEAD_BYTES) throw wsError('response head too long', 'WS_ERR_INVALID_HANDSHAKE');
    return -1;
  }
  const lines = buf.toString('latin1', 0, end).split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0]!);
  if (!status) throw wsError('Invalid HTTP response', 'WS_ERR_INVALID_HANDSHAKE');
  if (status[1] !== '101') throw wsError(`Unexpected server response: ${Number(status[1])}`, 'WS_ERR_UNEXPECTED_RESPONSE');
  const headers = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const c = lines[i]!.indexOf(':');
    if (c <= 0) throw wsError('Invalid HTTP header', 'WS_ERR_INVALID_HANDSHAKE');
    headers.set(lines[i]!.slice(0, c).trim().toLowerCase(), lines[i]!.slice(c + 1).trim());
  }
  const refuse = (why: string) => { throw wsError(why, 'WS_ERR_INVALID_HANDSHAKE'); };
  if (headers.get('upgrade')?.toLowerCase() !== 'websocket') refuse('Invalid Upgrade header');
  if (headers.get('sec-websocket-accept') !== acceptKey(key)) refuse('Invalid Sec-WebSocket-Accept header');
  if (headers.get('sec-websocket-extensions')) refuse('Server sent an extension we did not offer');
  if (headers.get('sec-websocket-protocol')) refuse('Server sent a subprotocol we did not ask for');
  return end + 4;
}
