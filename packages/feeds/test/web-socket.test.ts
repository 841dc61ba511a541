// The feed's WebSocket client against a real `ws` server (messages of every size both ways,
// fragmentation, WebSocket pings, both close handshakes, oversize messages) and against raw
// TCP servers that answer the handshake wrongly or send broken frames.
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { test } from 'node:test';
import { WebSocketServer, type WebSocket } from 'ws';
import { waitFor } from '@ob/testkit';
import { acceptKey } from '../src/ws/handshake';
import { connectWebSocket, TURN_RESET_AFTER_BYTES, YIELD_AFTER_BYTES, type ClientWebSocket } from '../src/ws/web-socket';

interface Events { opened: number; messages: string[]; bytes: number; errors: Array<Error & { code?: string }>; closes: number[] }

function dial(url: string, maxPayload = 1 << 20, handshakeTimeoutMs = 5_000): { ws: ClientWebSocket; ev: Events } {
  const ev: Events = { opened: 0, messages: [], bytes: 0, errors: [], closes: [] };
  const ws = connectWebSocket(url, { maxPayload, handshakeTimeoutMs }, {
    open: () => { ev.opened++; },
    message: (t, b) => { ev.messages.push(t); ev.bytes += b; },
    error: (e) => { ev.errors.push(e); },
    close: (c) => { ev.closes.push(c); },
  });
  return { ws, ev };
}

interface WsServer { url: string; conns: WebSocket[]; received: string[]; closeCodes: number[]; pongs: string[]; close(): Promise<void> }

async function wsServer(): Promise<WsServer> {
  const http: Server = createHttpServer();
  const wss = new WebSocketServer({ server: http, path: '/stream' });
  const s: WsServer = { url: '', conns: [], received: [], closeCodes: [], pongs: [], close: async () => {} };
  wss.on('connection', (c) => {
    s.conns.push(c);
    c.on('message', (d) => s.received.push(d.toString()));
    c.on('pong', (d) => s.pongs.push(d.toString()));
    c.on('close', (code) => s.closeCodes.push(code));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  s.url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/stream`;
  s.close = async () => {
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
    await new Promise<void>((r) => http.close(() => r()));
  };
  return s;
}

/** A TCP server that runs `script` on each connection once the request head has arrived. */
async function rawServer(script: (sock: Socket, key: string) => void): Promise<{ url: string; close(): Promise<void> }> {
  const socks = new Set<Socket>();
  const srv = createTcpServer((sock) => {
    socks.add(sock);
    sock.on('close', () => socks.delete(sock));
    sock.on('error', () => {});
    let head = '';
    sock.on('data', function onHead(d) {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      sock.removeListener('data', onHead);
      script(sock, /sec-websocket-key: (\S+)/i.exec(head)?.[1] ?? '');
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `ws://127.0.0.1:${(srv.address() as AddressInfo).port}/stream`,
    close: async () => { for (const s of socks) s.destroy(); await new Promise<void>((r) => srv.close(() => r())); },
  };
}

const upgradeResponse = (accept: string) =>
  `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`;

test('messages of every size both ways, fragmented and with pings between, then our close', async () => {
  const srv = await wsServer();
  const { ws, ev } = dial(srv.url);
  try {
    await waitFor(() => ev.opened === 1 && srv.conns.length === 1);
    assert.equal(ws.isOpen, true);
    const sizes = [0, 1, 125, 126, 65_535, 65_536, 300_000];
    for (const n of sizes) srv.conns[0]!.send('a'.repeat(n));
    srv.conns[0]!.ping('are-you-there');
    srv.conns[0]!.send('frag', { fin: false });
    srv.conns[0]!.ping('between');
    srv.conns[0]!.send('mented ✓', { fin: true });
    srv.conns[0]!.send(Buffer.from('binary'), { binary: true });
    await waitFor(() => ev.messages.length === sizes.length + 2);
    assert.deepEqual(ev.messages.map((m) => m.length), [...sizes, 'fragmented ✓'.length, 6]);
    assert.equal(ev.messages.at(-2), 'fragmented ✓');
    assert.equal(ev.messages.at(-1), 'binary');
    assert.equal(ev.bytes, sizes.reduce((a, b) => a + b, 0) + Buffer.byteLength('fragmented ✓') + 6);
    await waitFor(() => srv.pongs.length === 2);
    assert.deepEqual(srv.pongs, ['are-you-there', 'between'], 'WebSocket pings are answered with their payload');

    // Client frames must be masked; the server would refuse them otherwise (1002).
    for (const n of [0, 5, 126, 70_000]) ws.send(`${n}:${'z'.repeat(n)}`);
    await waitFor(() => srv.received.length === 4);
    assert.deepEqual(srv.received.map((m) => m.length), [0, 5, 126, 70_000].map((n) => `${n}:`.length + n));

    ws.close(1000);
    assert.equal(ws.isOpen, false);
    ws.send('not after close');
    await waitFor(() => ev.closes.length === 1);
    assert.deepEqual(ev.closes, [1000], 'the server echoed our close');
    assert.deepEqual(srv.closeCodes, [1000]);
    assert.equal(srv.received.length, 4);
    assert.deepEqual(ev.errors, []);
  } finally {
    ws.terminate();
    await srv.close();
  }
});

test('the server closing with a code: we echo it and report it', async () => {
  const srv = await wsServer();
  const { ev } = dial(srv.url);
  try {
    await waitFor(() => srv.conns.length === 1);
    srv.conns[0]!.close(4000, 'maintenance');
    await waitFor(() => ev.closes.length === 1);
    assert.deepEqual(ev.closes, [4000]);
    await waitFor(() => srv.closeCodes.length === 1);
    assert.deepEqual(srv.closeCodes, [4000]);
  } finally { await srv.close(); }
});

test('an oversize message: error WS_ERR_UNSUPPORTED_MESSAGE_LENGTH, close 1009, nothing delivered', async () => {
  const srv = await wsServer();
  const { ev } = dial(srv.url, 1000);
  try {
    await waitFor(() => srv.conns.length === 1);
    srv.conns[0]!.send('x'.repeat(1001));
    srv.conns[0]!.send('after');
    await waitFor(() => ev.closes.length === 1);
    assert.equal(ev.errors[0]?.code, 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH');
    assert.deepEqual(ev.closes, [1009]);
    assert.deepEqual(ev.messages, []);
    await waitFor(() => srv.closeCodes.length === 1);
    assert.deepEqual(srv.closeCodes, [1009], 'the server was told why');
  } finally { await srv.close(); }
});

test('the server cutting the connection: close 1006', async () => {
  const srv = await wsServer();
  const { ev } = dial(srv.url);
  try {
    await waitFor(() => srv.conns.length === 1);
    srv.conns[0]!.terminate();
    await waitFor(() => ev.closes.length === 1);
    assert.deepEqual(ev.closes, [1006]);
  } finally { await srv.close(); }
});

test('a failed handshake is an error, then close 1006, and never open', async () => {
  const notWs = createHttpServer((_req, res) => { res.writeHead(404).end('no'); });
  await new Promise<void>((r) => notWs.listen(0, '127.0.0.1', r));
  const badAccept = await rawServer((sock) => sock.write(upgradeResponse('d3Jvbmc=')));
  const withExtension = await rawServer((sock, key) => sock.write(upgradeResponse(acceptKey(key)).replace('\r\n\r\n', '\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n')));
  const silent = await rawServer(() => {});
  try {
    const cases: Array<[string, string, number]> = [
      [`ws://127.0.0.1:${(notWs.address() as AddressInfo).port}/stream`, 'WS_ERR_UNEXPECTED_RESPONSE', 5_000],
      [badAccept.url, 'WS_ERR_INVALID_HANDSHAKE', 5_000],
      [withExtension.url, 'WS_ERR_INVALID_HANDSHAKE', 5_000],
      [silent.url, 'WS_ERR_HANDSHAKE_TIMEOUT', 200],
    ];
    for (const [url, code, timeout] of cases) {
      const { ev } = dial(url, 1 << 20, timeout);
      await waitFor(() => ev.closes.length === 1);
      assert.equal(ev.errors[0]?.code, code, url);
      assert.deepEqual(ev.closes, [1006], url);
      assert.equal(ev.opened, 0, url);
    }
    const refused = dial('ws://127.0.0.1:1/stream');
    await waitFor(() => refused.ev.closes.length === 1);
    assert.equal(refused.ev.errors[0]?.code, 'ECONNREFUSED');
    assert.throws(() => dial('http://127.0.0.1/stream'), SyntaxError);
  } finally {
    await new Promise<void>((r) => notWs.close(() => r()));
    await badAccept.close();
    await withExtension.close();
    await silent.close();
  }
});

test('close() while dialling abandons the dial: error, close 1006', async () => {
  const silent = await rawServer(() => {});
  try {
    const { ws, ev } = dial(silent.url);
    ws.close();
    await waitFor(() => ev.closes.length === 1);
    assert.equal(ev.errors[0]?.code, 'WS_ERR_ABORTED');
    assert.equal(ev.opened, 0);
  } finally { await silent.close(); }
});

test('a broken frame after good ones: the good ones arrive, then error, close 1002 sent', async () => {
  let serverSaw: Buffer = Buffer.alloc(0);
  const srv = await rawServer((sock, key) => {
    sock.on('data', (d) => { serverSaw = Buffer.concat([serverSaw, d]); });
    // The response, two good frames and a masked one, in one write: the client reads them in one chunk.
    sock.write(Buffer.concat([
      Buffer.from(upgradeResponse(acceptKey(key))),
      Buffer.from([0x81, 2]), Buffer.from('ok'),
      Buffer.from([0x81, 3]), Buffer.from('ok2'),
      Buffer.from([0x81, 0x81, 0, 0, 0, 0]), Buffer.from('x'),
    ]));
  });
  try {
    const { ev } = dial(srv.url);
    await waitFor(() => ev.errors.length === 1);
    assert.deepEqual(ev.messages, ['ok', 'ok2']);
    assert.equal(ev.errors[0]?.code, 'WS_ERR_UNEXPECTED_MASK');
    // Our close frame: FIN + opcode 8, masked, 2-byte payload (1002) XOR the mask.
    await waitFor(() => serverSaw.length >= 8);
    assert.equal(serverSaw[0], 0x88);
    assert.equal(serverSaw[1], 0x82);
    const code = ((serverSaw[6]! ^ serverSaw[2]!) << 8) | (serverSaw[7]! ^ serverSaw[3]!);
    assert.equal(code, 1002);
    await waitFor(() => ev.closes.length === 1); // the server never closes: our timeout does
    assert.deepEqual(ev.closes, [1002]);
  } finally { await srv.close(); }
});

test('a throwing message handler does not lose the frames after it in the same read', async () => {
  const frames = ['a', 'boom', 'c'].map((t) => Buffer.concat([Buffer.from([0x81, t.length]), Buffer.from(t)]));
  const srv = await rawServer((sock, key) => sock.write(Buffer.concat([Buffer.from(upgradeResponse(acceptKey(key))), ...frames])));
  const got: string[] = [];
  const errors: string[] = [];
  const ws = connectWebSocket(srv.url, { maxPayload: 1 << 20, handshakeTimeoutMs: 5_000 }, {
    open() {}, close() {},
    message(t) { got.push(t); if (t === 'boom') throw new Error('handler bug'); },
    error(e) { errors.push(e.message); },
  });
  try {
    await waitFor(() => got.length === 3);
    assert.deepEqual(got, ['a', 'boom', 'c']);
    assert.deepEqual(errors, ['handler bug']);
    assert.equal(ws.isOpen, true);
  } finally { ws.terminate(); await srv.close(); }
});

test('a backlog is read in slices: the event loop gets a turn at least every YIELD_AFTER_BYTES (plus what a turn may carry)', async () => {
  const srv = await wsServer();
  const n = Math.ceil((YIELD_AFTER_BYTES * 12) / 1000);
  let maxSlice = 0;
  let ticking = true;
  let lastSeen = 0;
  const got: string[] = [];
  const ws = connectWebSocket(srv.url, { maxPayload: 1 << 20, handshakeTimeoutMs: 5_000 }, {
    open: () => {},
    message: (t) => {
      got.push(t);
      if (got.length !== 1) return;
      // Hold the loop so the rest piles up in the socket, then count messages between turns.
      const until = performance.now() + 300;
      while (performance.now() < until) { /* a busy engine */ }
      const tick = () => {
        maxSlice = Math.max(maxSlice, got.length - lastSeen);
        lastSeen = got.length;
        if (ticking) setImmediate(tick);
      };
      setImmediate(tick);
    },
    error: () => {}, close: () => {},
  });
  try {
    await waitFor(() => srv.conns.length === 1);
    const pad = 'p'.repeat(990);
    for (let i = 0; i < n; i++) srv.conns[0]!.send(`${String(i).padStart(6, '0')}${pad}`);
    await waitFor(() => got.length === n);
    ticking = false;
    const frame = 1000 + 4; // payload and its header
    const bound = Math.ceil((YIELD_AFTER_BYTES + TURN_RESET_AFTER_BYTES + 64 * 1024) / frame) + 1; // a read is at most 64 KiB
    assert.ok(maxSlice > 0 && maxSlice <= bound, `at most ${bound} messages in one turn, saw ${maxSlice}`);
  } finally { ws.terminate(); await srv.close(); }
});

test(`a backlog over ${YIELD_AFTER_BYTES} bytes arrives whole and in order across the turns it is sliced into`, async () => {
  const srv = await wsServer();
  const { ws, ev } = dial(srv.url);
  try {
    await waitFor(() => srv.conns.length === 1);
    const n = Math.ceil((YIELD_AFTER_BYTES * 12) / 1000);
    const pad = 'p'.repeat(990);
    for (let i = 0; i < n; i++) srv.conns[0]!.send(`${String(i).padStart(6, '0')}${pad}`);
    await waitFor(() => ev.messages.length === n);
    for (let i = 0; i < n; i++) assert.equal(ev.messages[i]!.slice(0, 6), String(i).padStart(6, '0'));
    assert.deepEqual(ev.errors, []);
    assert.equal(ws.isOpen, true);
  } finally { ws.terminate(); await srv.close(); }
});
