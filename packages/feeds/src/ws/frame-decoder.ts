// Server-to-client WebSocket frames (RFC 6455 §5) decoded straight off each socket read: one
// loop walks every frame in the chunk, and a whole text frame becomes one string, with no Buffer
// view, event or stream write per frame (what `ws` spends most of its receive time on: ~0.75 µs
// of ~2.8 µs a frame in the firehose). A frame cut by the read boundary waits, with the bytes
// after it, until enough has arrived; the length in its header is checked against maxPayload
// first, so a huge frame is refused before it is buffered.

/** A violation of the protocol by the server; the connection is closed with closeCode. */
export class WsProtocolError extends Error {
  constructor(message: string, readonly code: string, readonly closeCode: number) {
    super(message);
    this.name = 'WsProtocolError';
  }
}

export interface FrameHandlers {
  /** A whole text or binary message, decoded as UTF-8 (the venue sends text), and its size in bytes. */
  message(text: string, bytes: number): void;
  ping(payload: Buffer): void;
  pong(payload: Buffer): void;
  /** 1005 when the frame carried no code. */
  close(code: number, reason: string): void;
}

export interface FrameDecoder {
  /**
   * Decodes what it can; throws WsProtocolError (the decoder is then unusable). The chunk may be
   * a view of a read buffer that is reused after the call: what is kept is copied.
   */
  push(chunk: Buffer): void;
}

export const OP_CONTINUATION = 0x0;
export const OP_TEXT = 0x1;
export const OP_BINARY = 0x2;
export const OP_CLOSE = 0x8;
export const OP_PING = 0x9;
export const OP_PONG = 0xa;
/** Control frames carry at most this much (RFC 6455 §5.5). */
export const MAX_CONTROL_PAYLOAD = 125;
/** A close frame without a status code is reported as this (RFC 6455 §7.1.5). */
export const CLOSE_NO_STATUS = 1005;

const protocolError = (message: string, code: string) => new WsProtocolError(message, code, 1002);

/** Close codes a peer may send (RFC 6455 §7.4; 1004-1006 and 1015 are never sent). */
export const isValidCloseCode = (code: number) =>
  (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999);

export function createFrameDecoder(maxPayload: number, h: FrameHandlers): FrameDecoder {
  /** Bytes of an unfinished frame (and what came after it), waiting for `need` bytes in all. */
  let held: Buffer[] = [];
  let heldBytes = 0;
  let need = 0;
  /** Payloads of a fragmented message so far, or null when none is open. */
  let fragments: Buffer[] | null = null;
  let fragmentBytes = 0;

  function control(op: number, payload: Buffer): void {
    if (op === OP_PING) h.ping(payload);
    else if (op === OP_PONG) h.pong(payload);
    else if (payload.length === 0) h.close(CLOSE_NO_STATUS, '');
    else {
      if (payload.length < 2) throw protocolError('close frame with a 1-byte payload', 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH');
      const code = payload.readUInt16BE(0);
      if (!isValidCloseCode(code)) throw protocolError(`invalid close code ${code}`, 'WS_ERR_INVALID_CLOSE_CODE');
      h.close(code, payload.toString('utf8', 2));
    }
  }

  /** Frames from p on; returns where the first incomplete one starts (setting `need`), or buf.length. */
  function frames(buf: Buffer, p: number): number {
    const n = buf.length;
    while (p < n) {
      if (n - p < 2) { need = 2; return p; }
      const b0 = buf[p]!;
      const b1 = buf[p + 1]!;
      let len = b1 & 0x7f;
      let a = p + 2;
      if (len === 126) {
        if (n - p < 4) { need = 4; return p; }
        len = (buf[p + 2]! << 8) | buf[p + 3]!;
        a = p + 4;
      } else if (len === 127) {
        if (n - p < 10) { need = 10; return p; }
        const hi = buf.readUInt32BE(p + 2);
        // Anything past 2^53 is not a length we could hold; past maxPayload is refused below anyway.
        if (hi > 0x1fffff) throw new WsProtocolError('frame length beyond 2^53', 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH', 1009);
        len = hi * 0x100000000 + buf.readUInt32BE(p + 6);
        a = p + 10;
      }
      const op = b0 & 0x0f;
      const fin = (b0 & 0x80) !== 0;
      // No extension was negotiated, so no RSV bit may be set; a server never masks (§5.1).
      if ((b0 & 0x70) !== 0) throw protocolError('RSV bits set without an extension', 'WS_ERR_UNEXPECTED_RSV');
      if ((b1 & 0x80) !== 0) throw protocolError('a server frame was masked', 'WS_ERR_UNEXPECTED_MASK');
      if ((op > OP_BINARY && op < OP_CLOSE) || op > OP_PONG) throw protocolError(`reserved opcode ${op}`, 'WS_ERR_INVALID_OPCODE');
      if (op >= OP_CLOSE) {
        if (!fin) throw protocolError('fragmented control frame', 'WS_ERR_EXPECTED_FIN');
        if (len > MAX_CONTROL_PAYLOAD) throw protocolError(`control frame of ${len} bytes`, 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH');
      } else if (len > maxPayload - fragmentBytes) {
        throw new WsProtocolError(`message over ${maxPayload} bytes`, 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', 1009);
      }
      const e = a + len;
      if (e > n) { need = e - p; return p; }
      p = e;
      if (op === OP_TEXT || op === OP_BINARY) {
        if (fragments !== null) throw protocolError('a new message inside a fragmented one', 'WS_ERR_INVALID_OPCODE');
        if (fin) h.message(buf.toString('utf8', a, e), len); // the hot path: one whole frame
        else { fragments = [Buffer.from(buf.subarray(a, e))]; fragmentBytes = len; }
      } else if (op === OP_CONTINUATION) {
        if (fragments === null) throw protocolError('continuation frame without a message', 'WS_ERR_INVALID_OPCODE');
        fragments.push(Buffer.from(buf.subarray(a, e)));
        fragmentBytes += len;
        if (fin) {
          const whole = Buffer.concat(fragments, fragmentBytes);
          fragments = null;
          fragmentBytes = 0;
          h.message(whole.toString('utf8'), whole.length);
        }
      } else control(op, Buffer.from(buf.subarray(a, e)));
    }
    return p;
  }

  return {
    push(chunk) {
      let buf = chunk;
      if (heldBytes > 0) {
        held.push(Buffer.from(chunk));
        heldBytes += chunk.length;
        if (heldBytes < need) return;
        buf = Buffer.concat(held, heldBytes);
        held = [];
        heldBytes = 0;
      }
      const p = frames(buf, 0);
      if (p < buf.length) {
        held = [Buffer.from(buf.subarray(p))]; // a partial frame: at most one frame's bytes
        heldBytes = buf.length - p;
      }
    },
  };
}
