// /ws against a listening app: hello, stats, subscribed books only, config pushes, bad frames,
// the Origin check, and a client that never reads.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ServerFrame } from '@ob/protocol';
import { startRedis, waitFor, type TestRedis } from '@ob/testkit';
import WebSocket from 'ws';
import { MAX_CLIENT_FRAME_BYTES } from '../src/ws/client';
import { STATS_FRAME_HISTORY } from '../src/ws/hub';
import { parsePrometheus, startStack, type Stack } from './harness';

let redis: TestRedis;
let stack: Stack;
const sockets: WebSocket[] = [];

before(async () => {
  redis = await startRedis();
  stack = await startStack({ redis, prefix: 'obt-ws', listen: true, sim: { markets: 6 } });
  await waitFor(() => stack.streamer.markets().filter((m) => m.valid).length === 6, { message: 'markets valid' });
});
after(async () => {
  for (const ws of sockets) ws.terminate();
  await stack?.close();
  await redis?.stop();
});

interface Client {
  ws: WebSocket;
  frames: ServerFrame[];
  next<T extends ServerFrame['type']>(type: T, from?: number): Promise<Extract<ServerFrame, { type: T }>>;
  count(type: ServerFrame['type']): number;
  closed: Promise<{ code: number; reason: string }>;
}

function connect(base: string, headers: Record<string, string> = {}): Promise<Client> {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/ws`, { headers });
  sockets.push(ws);
  const frames: ServerFrame[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  const client: Client = {
    ws, frames, closed,
    next: (type, from = 0) => waitFor(() => frames.slice(from).find((f) => f.type === type) as never, { message: `a ${type} frame` }),
    count: (type) => frames.filter((f) => f.type === type).length,
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

test('hello on connect, then small stats frames', async () => {
  const c = await connect(stack.base);
  const hello = await c.next('hello');
  assert.equal(hello.statsHz, 10);
  assert.equal(hello.markets.length, 6);
  assert.equal(hello.config.settings.batchIntervalMs, 100);
  assert.equal(c.frames[0]?.type, 'hello', 'hello comes first');
  await waitFor(() => c.count('stats') >= 2, { message: 'two stats frames' });
  const stats = await c.next('stats');
  assert.ok(stats.stats.history.length <= STATS_FRAME_HISTORY);
  assert.equal(stats.markets.length, 6);
  c.ws.close();
});

test('a subscribed client gets book frames for that market only, until it unsubscribes', async () => {
  const c = await connect(stack.base);
  const hello = await c.next('hello');
  const symbol = hello.markets[2]!.symbol;
  c.ws.send(JSON.stringify({ type: 'subscribe', symbol, depth: 5 }));
  await waitFor(() => c.count('book') >= 5, { message: 'five book frames' });
  const books = c.frames.filter((f): f is Extract<ServerFrame, { type: 'book' }> => f.type === 'book');
  assert.ok(books.every((b) => b.book.symbol === symbol), 'only the subscribed market');
  assert.ok(books.every((b) => b.book.bids.length <= 5 && b.book.asks.length <= 5), 'at the asked depth');

  c.ws.send(JSON.stringify({ type: 'unsubscribe', symbol }));
  c.ws.send(JSON.stringify({ type: 'ping' }));
  await c.next('pong');
  const booksAtPong = c.count('book');
  const statsAtPong = c.count('stats');
  await waitFor(() => c.count('stats') >= statsAtPong + 5, { message: 'five more stats frames' });
  assert.equal(c.count('book'), booksAtPong, 'no book after unsubscribing');
  c.ws.close();
});

test('every client hears about a config change', async () => {
  const a = await connect(stack.base);
  const b = await connect(stack.base);
  await Promise.all([a.next('hello'), b.next('hello')]);
  const res = await stack.app.inject({ method: 'PATCH', url: '/api/config', payload: { ttlSeconds: 45 } });
  assert.equal(res.statusCode, 200);
  for (const c of [a, b]) {
    const cfg = await c.next('config');
    assert.equal(cfg.config.settings.ttlSeconds, 45);
    assert.deepEqual(cfg.config.lastChange?.changed, ['ttlSeconds']);
    c.ws.close();
  }
});

test('bad frames get error frames and the connection lives on', async () => {
  const c = await connect(stack.base);
  await c.next('hello');
  const bad: Array<string | Buffer> = [
    'not json',
    JSON.stringify({ type: 'subscribe' }),
    JSON.stringify({ type: 'launch' }),
    JSON.stringify({ type: 'subscribe', symbol: 'X', depth: 5000 }),
    JSON.stringify({ type: 'ping', pad: 'x'.repeat(MAX_CLIENT_FRAME_BYTES) }),
    Buffer.from([1, 2, 3]),
  ];
  for (const frame of bad) c.ws.send(frame);
  c.ws.send(JSON.stringify({ type: 'subscribe', symbol: 'NOPE' }));
  await waitFor(() => c.count('error') >= bad.length + 1, { message: 'an error frame per bad frame' });
  const errors = c.frames.filter((f): f is Extract<ServerFrame, { type: 'error' }> => f.type === 'error');
  assert.equal(errors.filter((e) => e.code === 'ERR_BAD_REQUEST').length, bad.length);
  assert.equal(errors.at(-1)?.code, 'ERR_NOT_FOUND');
  assert.match(errors[0]!.message, /not JSON/);
  const marker = c.frames.length;
  c.ws.send(JSON.stringify({ type: 'ping' }));
  await c.next('pong', marker);
  const metrics = parsePrometheus((await stack.app.inject({ url: '/metrics' })).body).samples;
  assert.ok(metrics.get('ob_ws_bad_frames_total')! >= bad.length);
  c.ws.close();
});

test('Origin: same origin and no Origin pass; a foreign page is refused before the upgrade', async () => {
  const same = await connect(stack.base, { origin: stack.base });
  await same.next('hello');
  same.ws.close();
  await assert.rejects(connect(stack.base, { origin: 'http://evil.example' }), /HTTP 403/);
});

test('a client that never reads is dropped with 1008 before its buffer passes the bound', async () => {
  const limit = 256 * 1024;
  const slowStack = await startStack({
    redis, prefix: 'obt-slow', listen: true, limits: { maxWsBufferedBytes: limit },
    sim: { markets: 16, levels: 1000, rate: 1600 },
  });
  try {
    await waitFor(() => slowStack.streamer.markets().filter((m) => m.valid).length === 16, { message: 'markets valid' });
    const c = await connect(slowStack.base);
    const hello = await c.next('hello');
    for (const m of hello.markets) c.ws.send(JSON.stringify({ type: 'subscribe', symbol: m.symbol, depth: 1000 }));
    // Stop reading: the kernel buffers fill, then the server's send buffer grows.
    (c.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const dropped = await waitFor(async () => {
      const m = parsePrometheus((await slowStack.app.inject({ url: '/metrics' })).body).samples;
      return m.get('ob_ws_dropped_slow_total')! >= 1 ? m : undefined;
    }, { timeoutMs: 60_000, message: 'the slow client dropped' });
    const peak = dropped.get('ob_ws_peak_buffered_bytes')!;
    assert.ok(peak > limit, 'dropped because it passed the bound');
    // One frame may be in flight past the check: a book at depth 1000 is well under 256 KiB.
    assert.ok(peak <= limit + 256 * 1024, `send buffer stayed bounded (${peak} bytes)`);
    (c.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const { code } = await c.closed;
    assert.equal(code, 1008);
  } finally {
    await slowStack.close();
  }
});
