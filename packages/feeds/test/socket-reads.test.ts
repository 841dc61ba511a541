// Coalesced reads on real sockets: a raw TCP server sends small WebSocket frames about 1 ms
// apart, each carrying its send time. With a read delay the socket hands them over many at a
// time, every frame arrives in order, and no frame is older than its read says it may be
// (heldSince() is at or before its send time, but for loopback lag), which is what keeps a batcher's staleness
// bound. With a delay of 0 every read is handed over at once (never held).
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { test } from 'node:test';
import { Ticker } from '@ob/core';
import { waitFor } from '@ob/testkit';
import { acceptKey } from '../src/ws/handshake';
import { dialReadingSocket, READ_BUFFER_BYTES } from '../src/ws/socket-reads';
import { connectWebSocket } from '../src/ws/web-socket';

const frame = (text: string) => Buffer.concat([Buffer.from([0x81, text.length]), Buffer.from(text)]);

/** Sends `n` frames `seq:sentAt` every ~1 ms once the upgrade request arrived; the rest as given. */
async function trickleServer(n: number, extra?: (sock: Socket) => void): Promise<{ url: string; close(): Promise<void> }> {
  const socks = new Set<Socket>();
  const srv = createServer((sock) => {
    socks.add(sock);
    sock.setNoDelay(true);
    sock.on('error', () => {});
    let head = '';
    sock.on('data', function onHead(d) {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      sock.removeListener('data', onHead);
      const key = /sec-websocket-key: (\S+)/i.exec(head)?.[1] ?? '';
      sock.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`);
      let i = 0;
      const t = setInterval(() => {
        if (sock.destroyed) { clearInterval(t); return; }
        sock.write(frame(`${i}:${Date.now()}`));
        if (++i === n) { clearInterval(t); extra?.(sock); }
      }, 1);
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `ws://127.0.0.1:${(srv.address() as AddressInfo).port}/`,
    close: async () => { for (const s of socks) s.destroy(); await new Promise<void>((r) => srv.close(() => r())); },
  };
}

interface Seen { seq: number; sentAt: number; bound: number; held: boolean }

function listen(url: string, ticker: Ticker) {
  const seen: Seen[] = [];
  const errors: string[] = [];
  const ws = connectWebSocket(url, { maxPayload: 1 << 20, handshakeTimeoutMs: 5_000, ticker }, {
    open() {},
    message(text) {
      const [seq, sentAt] = text.split(':').map(Number) as [number, number];
      const held = ticker.heldSince();
      seen.push({ seq, sentAt, bound: held >= 0 ? held : ticker.now(), held: held >= 0 });
    },
    error(e) { errors.push(e.message); },
    close() {},
  });
  return { ws, seen, errors };
}

test('with a read delay: frames 1 ms apart are handed over many to a read, whole, in order, none older than its read says', async () => {
  const n = 300;
  const srv = await trickleServer(n);
  const ticker = new Ticker();
  ticker.requestReadDelay({}, 20);
  const l = listen(srv.url, ticker);
  try {
    await waitFor(() => l.seen.length === n, { timeoutMs: 30_000, message: 'every frame' });
    assert.deepEqual(l.seen.map((s) => s.seq), Array.from({ length: n }, (_, i) => i), 'all, in order');
    assert.deepEqual(l.errors, []);
    // The age a batcher would count (from `bound`) is never less than the frame's true age, for
    // frames we held in the kernel. A read taken at once (the first, after the handshake) can only
    // be stamped when JS sees it: a busy event loop delays it as it always did, and that is not ours.
    // `sentAt` is when the server wrote, not when the frame reached our kernel: on a loaded machine
    // loopback delivery lags by a few ms now and then, so a frame written just before a stop can
    // arrive just after it, rightly counted from the stop. Judged over all held frames: stamping
    // a read with its restart instead of its stop would make most of them younger by up to 20 ms.
    const held = l.seen.filter((s) => s.held).length;
    const under = l.seen.filter((s) => s.held && s.bound > s.sentAt + 1); // +1: Date.now() rounding on both sides
    assert.ok(under.length <= held / 10, `${under.length} of ${held} held frames counted younger than they are: ${JSON.stringify(under.slice(0, 5))}`);
    // Held reads happened, and they carried several frames each (frames 1 ms apart, reads ≤ 20 ms apart).
    assert.ok(held > n / 2, `${held} of ${n} frames came from held reads`);
    const distinctReads = new Set(l.seen.map((s) => s.bound)).size;
    assert.ok(distinctReads < n / 3, `${n} frames in about ${distinctReads} reads`);
  } finally { l.ws.terminate(); await srv.close(); }
});

test('with no read delay (nobody asked, or a 1 ms interval): no read is ever held', async () => {
  const n = 100;
  const srv = await trickleServer(n);
  const ticker = new Ticker();
  const l = listen(srv.url, ticker);
  try {
    await waitFor(() => l.seen.length === n, { timeoutMs: 30_000, message: 'every frame' });
    assert.deepEqual(l.seen.map((s) => s.seq), Array.from({ length: n }, (_, i) => i));
    assert.equal(l.seen.filter((s) => s.held).length, 0);
  } finally { l.ws.terminate(); await srv.close(); }
});

test('a busy stream under a read delay is read freely: a backlog many times the buffer arrives whole and in order', async () => {
  const big = 64 * 1024 * 8;
  const payload = 'x'.repeat(120);
  const count = Math.ceil(big / (payload.length + 12));
  const srv = await trickleServer(1, (sock) => {
    const parts: Buffer[] = [];
    for (let i = 0; i < count; i++) parts.push(frame(`${1 + i}:${Date.now()}:${payload}`.slice(0, 125)));
    sock.write(Buffer.concat(parts));
  });
  const ticker = new Ticker();
  ticker.requestReadDelay({}, 20);
  const l = listen(srv.url, ticker);
  try {
    await waitFor(() => l.seen.length === count + 1, { timeoutMs: 30_000, message: 'the backlog' });
    assert.deepEqual(l.seen.map((s) => s.seq), Array.from({ length: count + 1 }, (_, i) => i));
    assert.ok(count * 100 > READ_BUFFER_BYTES * 4);
  } finally { l.ws.terminate(); await srv.close(); }
});

test('dialReadingSocket hands over each read as a view of one reused buffer (kept data must be copied)', async () => {
  const srv = await trickleServer(50);
  const ticker = new Ticker();
  const views = new Set<ArrayBuffer>();
  let bytes = 0;
  const rs = dialReadingSocket(new URL(srv.url), ticker, (chunk) => { views.add(chunk.buffer as ArrayBuffer); bytes += chunk.length; });
  rs.socket.write(`GET / HTTP/1.1\r\nHost: x\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
  try {
    await waitFor(() => bytes > 50 * 10, { timeoutMs: 30_000, message: 'the frames' });
    assert.equal(views.size, 1, 'one buffer for every read');
  } finally { rs.socket.destroy(); await srv.close(); }
});

/** Far more than a 20 ms hold and a loaded machine's loopback lag. */
const STALE_SLACK_MS = 250;

test('a held stream that turns busy stops counting its reads from the old hold: data read long after is not stamped as waiting since then', async () => {
  // 200 light frames (held reads), then ~20 MB/s for 1.5 s (too busy to hold: read freely).
  const pad = 'y'.repeat(100);
  let busyFrom = 0;
  let seq = 200;
  const srv = await trickleServer(200, (sock) => {
    busyFrom = Date.now();
    const t = setInterval(() => {
      if (sock.destroyed || Date.now() - busyFrom > 1_500) { clearInterval(t); sock.write(frame('-1:0')); return; }
      const parts: Buffer[] = [];
      for (let b = 0; b < 100 * 1024; b += 125) parts.push(frame(`${seq++}:${Date.now()}:${pad}`.slice(0, 120)));
      sock.write(Buffer.concat(parts));
    }, 5);
  });
  const ticker = new Ticker();
  ticker.requestReadDelay({}, 20);
  const l = listen(srv.url, ticker);
  try {
    await waitFor(() => l.seen.at(-1)?.seq === -1, { timeoutMs: 60_000, message: 'the busy part' });
    assert.deepEqual(l.errors, []);
    assert.ok(l.seen.slice(0, 200).some((s) => s.held), 'the light part was held');
    const late = l.seen.filter((s) => s.seq >= 200 && s.sentAt >= busyFrom + 500);
    assert.ok(late.length > 1_000, `${late.length} late frames`);
    // A hold lasts the read delay (20 ms) at most: a read may count a frame as waiting since a
    // little before it was sent (a hold begun just before), never since a hold long over.
    const stale = late.filter((s) => s.bound < s.sentAt - STALE_SLACK_MS);
    assert.equal(stale.length, 0, `${stale.length} of ${late.length} frames counted as waiting since over ${STALE_SLACK_MS} ms before they were sent: ${JSON.stringify(stale.slice(0, 3))}`);
  } finally { l.ws.terminate(); await srv.close(); }
});
