// The feed's WebSocket client: the handshake (handshake.ts), reads coalesced on the ticker
// (socket-reads.ts), frames off each read (frame-decoder.ts), masked frames out (frame-encoder.ts), WebSocket pings answered, and the
// close handshake. Only what a market-data client needs: no extensions (permessage-deflate is
// not offered), no subprotocols, text out.
//
// Handlers are plain callbacks; `close` is called exactly once, after `open` or after a failed
// dial (with `error` before it), as `ws` does.
import { processTicker, type Ticker } from '@ob/core';
import { createFrameDecoder, OP_CLOSE, OP_PONG, OP_TEXT, WsProtocolError } from './frame-decoder';
import { closePayload, encodeClientFrame } from './frame-encoder';
import { newKey, readUpgradeResponse, upgradeRequest, wsError, wsTarget } from './handshake';
import { dialReadingSocket } from './socket-reads';

export { YIELD_AFTER_BYTES, TURN_RESET_AFTER_BYTES, READ_BUFFER_BYTES, HOLD_BYTES } from './socket-reads';

/** After we sent a close frame (or refused the stream), the server gets this long to close the socket. */
export const CLOSE_TIMEOUT_MS = 2_000;
/** The socket closed without a close frame (RFC 6455 §7.1.5). */
export const CLOSE_ABNORMAL = 1006;

export interface WebSocketHandlers {
  open(): void;
  /** One whole message, as text, and its size in bytes on the wire (payload). */
  message(text: string, bytes: number): void;
  error(err: Error & { code?: string }): void;
  close(code: number): void;
}

export interface WebSocketOptions {
  /** Messages bigger than this are refused (close 1009, error code WS_ERR_UNSUPPORTED_MESSAGE_LENGTH). */
  maxPayload: number;
  handshakeTimeoutMs: number;
  /** Whose timer and read delay the socket's reads follow (socket-reads.ts); the process's by default. */
  ticker?: Ticker;
}

export interface ClientWebSocket {
  /** Handshake done and no close begun: send() goes out. */
  readonly isOpen: boolean;
  send(text: string): void;
  /** Starts the close handshake (or abandons the dial). */
  close(code?: number): void;
  /** Cuts the connection now. */
  terminate(): void;
}

const CONNECTING = 0, OPEN = 1, CLOSING = 2, CLOSED = 3;

/** Throws SyntaxError for a URL that is not ws: or wss:. */
export function connectWebSocket(url: string, opts: WebSocketOptions, h: WebSocketHandlers): ClientWebSocket {
  const target = wsTarget(url);
  const key = newKey();
  let state = CONNECTING;
  let closeCode = CLOSE_ABNORMAL;
  let closeTimer: NodeJS.Timeout | undefined;
  /** The response head so far (copied: reads land in a reused buffer). */
  let head: Buffer = Buffer.alloc(0);

  const closed = () => {
    if (state === CLOSED) return;
    state = CLOSED;
    clearTimeout(closeTimer);
    clearTimeout(handshakeTimer);
    h.close(closeCode);
  };
  const report = (err: unknown) => h.error(err instanceof Error ? err : new Error(String(err)));
  /** The dial failed: error, then close (1006), and the socket cut. */
  const fail = (err: Error & { code?: string }) => {
    if (state !== CONNECTING) return;
    h.error(err);
    closed();
    socket.destroy();
  };

  const write = (opcode: number, payload: Buffer) => { socket.write(encodeClientFrame(opcode, payload)); };

  /** The server gets CLOSE_TIMEOUT_MS (from now) to close the socket, then we cut it. */
  const awaitServerClose = () => {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(() => socket.destroy(), CLOSE_TIMEOUT_MS);
    closeTimer.unref();
  };

  /** Sends our close frame (once) and waits for the server to close the socket. */
  const beginClose = (code: number) => {
    if (state !== OPEN) return;
    state = CLOSING;
    write(OP_CLOSE, closePayload(code));
    awaitServerClose();
  };

  const decoder = createFrameDecoder(opts.maxPayload, {
    message(text, bytes) {
      if (state !== OPEN) return;
      // A throwing handler must not unwind the decoder mid-chunk (the frames after it would be lost).
      try { h.message(text, bytes); } catch (err) { report(err); }
    },
    ping(payload) { if (state === OPEN) write(OP_PONG, payload); },
    pong() {},
    close(code) {
      closeCode = code;
      if (state === OPEN) {
        state = CLOSING;
        write(OP_CLOSE, closePayload(code));
      }
      // The server closes the TCP connection first (RFC 6455 §7.1.1); ending our side is enough.
      socket.end();
      awaitServerClose();
    },
  });

  const frames = (chunk: Buffer) => {
    try {
      decoder.push(chunk);
    } catch (err) {
      report(err);
      if (err instanceof WsProtocolError) {
        closeCode = err.closeCode;
        reads.discard(); // nothing after a broken frame can be trusted
        if (state === OPEN) beginClose(err.closeCode);
        else socket.destroy();
      } else socket.destroy();
    }
  };

  const handshake = (chunk: Buffer) => {
    head = Buffer.concat([head, chunk]);
    let at: number;
    try { at = readUpgradeResponse(head, key); } catch (err) { fail(err as Error); return; }
    if (at < 0) return;
    const rest = head.subarray(at);
    head = Buffer.alloc(0);
    clearTimeout(handshakeTimer);
    state = OPEN;
    socket.setNoDelay(true);
    reads.coalesce();
    h.open();
    if (rest.length > 0 && state !== CLOSED) frames(rest);
  };

  const reads = dialReadingSocket(target, opts.ticker ?? processTicker(), (chunk) => {
    if (state === CONNECTING) handshake(chunk);
    else if (state !== CLOSED) frames(chunk);
  });
  const socket = reads.socket;
  const handshakeTimer = setTimeout(() => fail(wsError('opening handshake has timed out', 'WS_ERR_HANDSHAKE_TIMEOUT')), opts.handshakeTimeoutMs);
  socket.write(upgradeRequest(target, key));
  socket.on('error', (e) => {
    if (state === CONNECTING) fail(e);
    else if (state !== CLOSED) report(e);
  });
  socket.on('end', () => socket.end());
  socket.on('close', () => {
    fail(wsError('socket hang up', 'ECONNRESET'));
    closed();
  });

  return {
    get isOpen() { return state === OPEN; },
    send(text) { if (state === OPEN) write(OP_TEXT, Buffer.from(text)); },
    close(code = 1000) {
      if (state === CONNECTING) fail(wsError('WebSocket was closed before the connection was established', 'WS_ERR_ABORTED'));
      else beginClose(code);
    },
    terminate() {
      if (state === CONNECTING) fail(wsError('WebSocket was closed before the connection was established', 'WS_ERR_ABORTED'));
      else socket.destroy();
    },
  };
}
