// The feed's WebSocket client: the handshake (handshake.ts), frames off each socket read
// (frame-decoder.ts), masked frames out (frame-encoder.ts), WebSocket pings answered, and the
// close handshake. Only what a market-data client needs: no extensions (permessage-deflate is
// not offered), no subprotocols, text out.
//
// Handlers are plain callbacks; `close` is called exactly once, after `open` or after a failed
// dial (with `error` before it), as `ws` does.
import type { Socket } from 'node:net';
import { createFrameDecoder, OP_CLOSE, OP_PONG, OP_TEXT, WsProtocolError } from './frame-decoder';
import { closePayload, encodeClientFrame } from './frame-encoder';
import { openUpgrade, wsTarget } from './handshake';

/** After we sent a close frame (or refused the stream), the server gets this long to close the socket. */
export const CLOSE_TIMEOUT_MS = 2_000;
/**
 * Bytes handled in one event-loop turn before the socket is paused until the next: a backlog
 * (a burst, a catch-up) is worked off in slices of a few ms with timers and other sockets (the
 * Redis replies) served in between, not in one read loop of up to 32 × 64 KiB.
 */
export const YIELD_AFTER_BYTES = 256 * 1024;
/**
 * The byte count is reset at the end of the turn (setImmediate) only once it passes this: a
 * pending Immediate costs the loop an extra poll, which per small read was most of what a
 * frame-at-a-time feed cost us above the socket itself. So a turn carries under this much from
 * earlier ones, and a backlog is paused after 192-256 KiB of its own turn.
 */
export const TURN_RESET_AFTER_BYTES = 64 * 1024;
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
  let state = CONNECTING;
  let socket: Socket | undefined;
  let closeCode = CLOSE_ABNORMAL;
  let closeTimer: NodeJS.Timeout | undefined;

  const closed = () => {
    if (state === CLOSED) return;
    state = CLOSED;
    clearTimeout(closeTimer);
    h.close(closeCode);
  };
  const report = (err: unknown) => h.error(err instanceof Error ? err : new Error(String(err)));

  const write = (opcode: number, payload: Buffer) => { socket!.write(encodeClientFrame(opcode, payload)); };

  /** The server gets CLOSE_TIMEOUT_MS (from now) to close the socket, then we cut it. */
  const awaitServerClose = () => {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(() => socket!.destroy(), CLOSE_TIMEOUT_MS);
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
      socket!.end();
      awaitServerClose();
    },
  });

  let turnBytes = 0;
  let paused = false;
  const endTurn = () => {
    turnBytes = 0;
    if (paused) { paused = false; if (state !== CLOSED) socket!.resume(); }
  };

  const onData = (chunk: Buffer) => {
    if (state === CLOSED) return;
    const before = turnBytes;
    turnBytes += chunk.length;
    // After this turn's reads, before the next turn's timers.
    if (before < TURN_RESET_AFTER_BYTES && turnBytes >= TURN_RESET_AFTER_BYTES) setImmediate(endTurn);
    if (turnBytes >= YIELD_AFTER_BYTES && !paused) { paused = true; socket!.pause(); }
    try {
      decoder.push(chunk);
    } catch (err) {
      report(err);
      if (err instanceof WsProtocolError) {
        closeCode = err.closeCode;
        socket!.removeListener('data', onData); // nothing after a broken frame can be trusted
        if (state === OPEN) beginClose(err.closeCode);
        else socket!.destroy();
      } else socket!.destroy();
    }
  };

  const abort = openUpgrade(target, opts.handshakeTimeoutMs, (err, sock, head) => {
    if (err || !sock) {
      h.error(err ?? new Error('handshake failed'));
      closed();
      return;
    }
    socket = sock;
    state = OPEN;
    sock.setTimeout(0);
    sock.setNoDelay(true);
    sock.on('data', onData);
    sock.on('error', (e) => { if (state !== CLOSED) report(e); });
    sock.on('end', () => sock.end());
    sock.on('close', closed);
    h.open();
    if (head && head.length > 0) onData(head);
  });

  return {
    get isOpen() { return state === OPEN; },
    send(text) { if (state === OPEN) write(OP_TEXT, Buffer.from(text)); },
    close(code = 1000) {
      if (state === CONNECTING) abort();
      else beginClose(code);
    },
    terminate() {
      if (state === CONNECTING) abort();
      else socket?.destroy();
    },
  };
}
