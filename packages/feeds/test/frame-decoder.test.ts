// The WebSocket frame decoder on byte streams built here (server frames, unmasked): every frame
// size class, frames cut at every byte boundary, fragmentation with control frames between the
// pieces, and every protocol violation refused with its code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFrameDecoder, WsProtocolError, type FrameHandlers } from '../src/ws/frame-decoder';

/** A server frame: FIN/RSV/opcode byte, optional mask bit, the length in its shortest form (or forced). */
function frame(opcode: number, payload: Buffer | string, o: { fin?: boolean; rsv?: number; masked?: boolean; long?: boolean } = {}): Buffer {
  const p = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const b0 = ((o.fin ?? true) ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | opcode;
  const m = o.masked ? 0x80 : 0;
  let head: Buffer;
  if (o.long || p.length > 0xffff) {
    head = Buffer.alloc(10);
    head[1] = m | 127;
    head.writeUInt32BE(Math.floor(p.length / 2 ** 32), 2);
    head.writeUInt32BE(p.length >>> 0, 6);
  } else if (p.length >= 126) {
    head = Buffer.alloc(4);
    head[1] = m | 126;
    head.writeUInt16BE(p.length, 2);
  } else {
    head = Buffer.alloc(2);
    head[1] = m | p.length;
  }
  head[0] = b0;
  return Buffer.concat(o.masked ? [head, Buffer.alloc(4), p] : [head, p]);
}

interface Seen { messages: string[]; bytes: number[]; pings: string[]; pongs: string[]; closes: Array<[number, string]> }
function decoder(maxPayload = 1 << 20) {
  const seen: Seen = { messages: [], bytes: [], pings: [], pongs: [], closes: [] };
  const h: FrameHandlers = {
    message: (t, b) => { seen.messages.push(t); seen.bytes.push(b); },
    ping: (p) => seen.pings.push(p.toString()),
    pong: (p) => seen.pongs.push(p.toString()),
    close: (c, r) => seen.closes.push([c, r]),
  };
  return { d: createFrameDecoder(maxPayload, h), seen };
}

const closeBody = (code: number, reason = '') => {
  const b = Buffer.alloc(2 + Buffer.byteLength(reason));
  b.writeUInt16BE(code, 0);
  b.write(reason, 2);
  return b;
};

test('every length form, fragments around a ping, and a close, whole or cut at every byte', () => {
  const mid = 'm'.repeat(300);
  const big = 'b'.repeat(70_000);
  const stream = Buffer.concat([
    frame(1, '{"type":"ping"}'),
    frame(1, ''),
    frame(1, mid),
    frame(1, 'forced-64-bit-length', { long: true }),
    frame(2, 'binary is decoded as text'),
    frame(1, 'héllo ✓'),
    frame(1, 'frag-', { fin: false }),
    frame(9, 'p1'),
    frame(0, 'ment', { fin: false }),
    frame(10, 'p2'),
    frame(0, 'ed'),
    frame(1, big),
    frame(8, closeBody(4001, 'bye')),
  ]);
  const want = ['{"type":"ping"}', '', mid, 'forced-64-bit-length', 'binary is decoded as text', 'héllo ✓', 'frag-mented', big];
  const check = (seen: Seen, how: string) => {
    assert.deepEqual(seen.messages, want, how);
    assert.deepEqual(seen.bytes, want.map((s) => Buffer.byteLength(s)), how);
    assert.deepEqual(seen.pings, ['p1'], how);
    assert.deepEqual(seen.pongs, ['p2'], how);
    assert.deepEqual(seen.closes, [[4001, 'bye']], how);
  };
  const whole = decoder();
  whole.d.push(stream);
  check(whole.seen, 'one chunk');

  // Cut in two at every position of the first 400 bytes (every header form is there) and in
  // small pieces of every size up to 17.
  for (let cut = 1; cut < 400; cut++) {
    const x = decoder();
    x.d.push(stream.subarray(0, cut));
    x.d.push(stream.subarray(cut));
    check(x.seen, `cut at ${cut}`);
  }
  for (let step = 1; step <= 17; step++) {
    const x = decoder();
    for (let i = 0; i < stream.length; i += step) x.d.push(stream.subarray(i, i + step));
    check(x.seen, `pieces of ${step}`);
  }
});

test('a close without a status code is reported as 1005', () => {
  const x = decoder();
  x.d.push(frame(8, ''));
  assert.deepEqual(x.seen.closes, [[1005, '']]);
});

test('protocol violations are refused with their code and close code', () => {
  const cases: Array<[string, Buffer, string, number]> = [
    ['masked server frame', frame(1, 'x', { masked: true }), 'WS_ERR_UNEXPECTED_MASK', 1002],
    ['RSV1 without an extension', frame(1, 'x', { rsv: 4 }), 'WS_ERR_UNEXPECTED_RSV', 1002],
    ['reserved data opcode', frame(3, 'x'), 'WS_ERR_INVALID_OPCODE', 1002],
    ['reserved control opcode', frame(0xb, 'x'), 'WS_ERR_INVALID_OPCODE', 1002],
    ['fragmented ping', frame(9, 'x', { fin: false }), 'WS_ERR_EXPECTED_FIN', 1002],
    ['ping over 125 bytes', frame(9, 'x'.repeat(126)), 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH', 1002],
    ['continuation without a message', frame(0, 'x'), 'WS_ERR_INVALID_OPCODE', 1002],
    ['new message inside a fragmented one', Buffer.concat([frame(1, 'a', { fin: false }), frame(1, 'b')]), 'WS_ERR_INVALID_OPCODE', 1002],
    ['close with 1 byte', frame(8, Buffer.from([3])), 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH', 1002],
    ['close with code 1005', frame(8, closeBody(1005)), 'WS_ERR_INVALID_CLOSE_CODE', 1002],
    ['close with code 999', frame(8, closeBody(999)), 'WS_ERR_INVALID_CLOSE_CODE', 1002],
    ['message over maxPayload', frame(1, 'x'.repeat(101)), 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', 1009],
    ['fragments over maxPayload together', Buffer.concat([frame(1, 'x'.repeat(60), { fin: false }), frame(0, 'y'.repeat(41))]),
      'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', 1009],
  ];
  for (const [name, bytes, code, closeCode] of cases) {
    const x = decoder(100);
    assert.throws(() => x.d.push(bytes), (err: unknown) => {
      assert.ok(err instanceof WsProtocolError, name);
      assert.equal(err.code, code, name);
      assert.equal(err.closeCode, closeCode, name);
      return true;
    }, name);
    assert.deepEqual(x.seen.messages, [], `${name}: nothing delivered`);
  }
});

test('an oversize frame is refused from its header alone, before its payload arrives', () => {
  const x = decoder(1000);
  const head = frame(1, 'x'.repeat(5000)).subarray(0, 4); // 126 + 16-bit length, no payload
  assert.throws(() => x.d.push(head), (err: unknown) => err instanceof WsProtocolError && err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH');
  const y = decoder(1000);
  const huge = Buffer.from([0x81, 127, 0, 0x20, 0, 0, 0, 0, 0, 0]); // 2^53 + ...: past what a length can be
  assert.throws(() => y.d.push(huge), (err: unknown) => err instanceof WsProtocolError && err.closeCode === 1009);
});
