// Client-to-server WebSocket frames (RFC 6455 §5.2-5.3): always final, always masked with a
// fresh random key. The client sends little (subscriptions, pongs, a close), so each frame is
// simply built into one Buffer and written with one call.
import { randomFillSync } from 'node:crypto';
import { CLOSE_NO_STATUS } from './frame-decoder';

export function encodeClientFrame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? 2 : len < 0x10000 ? 4 : 10;
  const out = Buffer.allocUnsafe(head + 4 + len);
  out[0] = 0x80 | opcode;
  if (head === 2) out[1] = 0x80 | len;
  else if (head === 4) { out[1] = 0x80 | 126; out.writeUInt16BE(len, 2); }
  else { out[1] = 0x80 | 127; out.writeUInt32BE(Math.floor(len / 0x100000000), 2); out.writeUInt32BE(len >>> 0, 6); }
  randomFillSync(out, head, 4);
  for (let i = 0; i < len; i++) out[head + 4 + i] = payload[i]! ^ out[head + (i & 3)]!;
  return out;
}

/** A close frame's payload: the status code and a reason (none for CLOSE_NO_STATUS). */
export function closePayload(code: number, reason = ''): Buffer {
  if (code === CLOSE_NO_STATUS) return Buffer.alloc(0);
  const r = Buffer.from(reason);
  const out = Buffer.allocUnsafe(2 + r.length);
  out.writeUInt16BE(code, 0);
  r.copy(out, 2);
  return out;
}
