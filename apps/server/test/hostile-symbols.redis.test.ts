// Issue 20.1: a venue may list any symbol, including names that are members of every plain
// object (`__proto__`, `constructor`, ...). Markets named so stream like any other: every Redis
// book, /api/markets row and /ws book frame equals the simulator's book, and a per-market
// setting (depth overrides) is read for the market itself, never inherited.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BookSnapshot, MarketStats, ServerFrame } from '@ob/protocol';
import { startRedis, waitFor, type TestRedis } from '@ob/testkit';
import WebSocket from 'ws';
import { startStack, type Stack } from './harness';

const HOSTILE = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];
const PREFIX = 'obt-hostile';
const DEPTH = 20;

let redis: TestRedis;
let stack: Stack;
const sockets: WebSocket[] = [];

before(async () => {
  redis = await startRedis();
  stack = await startStack({
    redis, prefix: PREFIX, listen: true, sim: { markets: 3, rate: 2000, extraSymbols: HOSTILE },
    // An override for one ordinary market: the hostile ones must get the plain depth.
    live: { depth: DEPTH, depthOverrides: { BTC: 5 }, batchIntervalMs: 20 },
  });
  await waitFor(() => stack.streamer.markets().filter((m) => m.valid).length === 3 + HOSTILE.length, { message: 'every market valid' });
});
after(async () => {
  for (const ws of sockets) ws.terminate();
  await stack?.close();
  await redis?.stop();
});

const depthOf = (symbol: string) => (symbol === 'BTC' ? 5 : DEPTH);
const key = (symbol: string) => `${PREFIX}:book:${stack.venue}:${symbol}`;

/** What differs between a snapshot and the simulator's book cut at the market's depth. */
function differs(symbol: string, snap: Pick<BookSnapshot, 'seq' | 'bids' | 'asks' | 'symbol'> | null | undefined): string | null {
  const m = stack.sim.markets().find((x) => x.symbol === symbol)!;
  const truth = stack.sim.trueBook(m.id);
  const d = depthOf(symbol);
  if (!snap) return `${symbol}: none`;
  if (snap.symbol !== symbol) return `${symbol}: symbol ${JSON.stringify(snap.symbol)}`;
  if (snap.seq !== truth.nonce) return `${symbol}: seq ${snap.seq} != ${truth.nonce}`;
  if (JSON.stringify(snap.bids) !== JSON.stringify(truth.bids.slice(0, d))) return `${symbol}: bids differ (${snap.bids.length} levels, want ${d})`;
  if (JSON.stringify(snap.asks) !== JSON.stringify(truth.asks.slice(0, d))) return `${symbol}: asks differ (${snap.asks.length} levels, want ${d})`;
  return null;
}

async function redisMismatches(): Promise<string[]> {
  const bad: string[] = [];
  for (const { symbol } of stack.sim.markets()) {
    const raw = await stack.redis.get(key(symbol));
    const d = differs(symbol, raw === null ? null : JSON.parse(raw) as BookSnapshot);
    if (d) bad.push(d);
  }
  return bad;
}

test('the simulator lists the hostile names as active markets', () => {
  const symbols = stack.sim.markets().map((m) => m.symbol);
  for (const s of HOSTILE) assert.ok(symbols.includes(s), s);
});

test('paused: every Redis book, /api/markets row and in-memory book equals the venue book', async () => {
  stack.sim.pause();
  try {
    let last: string[] = [];
    await waitFor(async () => (last = await redisMismatches()).length === 0, { message: 'Redis books equal the venue books', timeoutMs: 20_000 })
      .catch(() => assert.deepEqual(last, [], 'Redis books equal the venue books'));
    const keys = (await stack.redis.keys(`${PREFIX}:book:*`)).sort();
    assert.deepEqual(keys, stack.sim.markets().map((m) => key(m.symbol)).sort(), 'one key per market, no other');

    const res = await stack.app.inject({ method: 'GET', url: '/api/markets' });
    assert.equal(res.statusCode, 200);
    const rows = (res.json() as { markets: MarketStats[] }).markets;
    assert.deepEqual(rows.map((r) => r.symbol).sort(), stack.sim.markets().map((m) => m.symbol).sort());
    for (const r of rows) {
      const truth = stack.sim.trueBook(stack.sim.markets().find((m) => m.symbol === r.symbol)!.id);
      assert.equal(r.depth, depthOf(r.symbol), `${r.symbol} depth`);
      assert.equal(r.seq, truth.nonce, `${r.symbol} seq`);
      assert.equal(r.bestBid, truth.bids[0]![0], `${r.symbol} best bid`);
      assert.equal(r.bestAsk, truth.asks[0]![0], `${r.symbol} best ask`);
      assert.equal(r.valid, true, `${r.symbol} valid`);
    }

    for (const symbol of HOSTILE) {
      const book = await stack.app.inject({ method: 'GET', url: `/api/markets/${encodeURIComponent(symbol)}/book?depth=${DEPTH}` });
      assert.equal(book.statusCode, 200, `${symbol} book: ${book.body}`);
      assert.equal(differs(symbol, book.json() as BookSnapshot), null);
      const inRedis = await stack.app.inject({ method: 'GET', url: `/api/markets/${encodeURIComponent(symbol)}/redis` });
      assert.equal(inRedis.statusCode, 200, `${symbol} redis: ${inRedis.body}`);
      assert.equal(differs(symbol, (inRedis.json() as { snapshot: BookSnapshot }).snapshot), null);
    }
  } finally {
    stack.sim.resume();
  }
});

test('/ws book frames of the hostile markets carry their own books', async () => {
  const ws = new WebSocket(`${stack.base.replace('http', 'ws')}/ws`);
  sockets.push(ws);
  const frames: ServerFrame[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  const hello = await waitFor(() => frames.find((f) => f.type === 'hello') as Extract<ServerFrame, { type: 'hello' }> | undefined, { message: 'hello' });
  for (const s of HOSTILE) assert.ok(hello.markets.some((m) => m.symbol === s), `hello lists ${s}`);
  for (const symbol of HOSTILE) ws.send(JSON.stringify({ type: 'subscribe', symbol }));
  await waitFor(() => HOSTILE.every((s) => frames.some((f) => f.type === 'book' && f.book.symbol === s)), { message: 'a book frame per hostile market' });
  assert.equal(frames.filter((f) => f.type === 'error').length, 0, JSON.stringify(frames.filter((f) => f.type === 'error')));

  stack.sim.pause();
  try {
    // Once the venue is quiet, the last frame of each market equals its venue book.
    await waitFor(() => {
      const bad: string[] = [];
      for (const symbol of HOSTILE) {
        const last = frames.filter((f): f is Extract<ServerFrame, { type: 'book' }> => f.type === 'book' && f.book.symbol === symbol).at(-1);
        const d = differs(symbol, last?.book);
        if (d) bad.push(d);
      }
      return bad.length === 0;
    }, { message: 'the last book frame of each hostile market equals its venue book', timeoutMs: 20_000 });
  } finally {
    stack.sim.resume();
  }
});

test('a depth override for a hostile name applies to that market only', async () => {
  const patch = await stack.app.inject({
    method: 'PATCH', url: '/api/config', headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ depthOverrides: { BTC: 5, constructor: 3, ['__proto__']: 4 } }),
  });
  assert.equal(patch.statusCode, 200, patch.body);
  const overrides = (patch.json() as { settings: { depthOverrides: Record<string, number> } }).settings.depthOverrides;
  assert.deepEqual(Object.entries(overrides).sort(), [['BTC', 5], ['__proto__', 4], ['constructor', 3]]);
  const rows = async () => ((await stack.app.inject({ method: 'GET', url: '/api/markets' })).json() as { markets: MarketStats[] }).markets;
  const bySymbol = new Map((await rows()).map((r) => [r.symbol, r.depth]));
  assert.equal(bySymbol.get('constructor'), 3);
  assert.equal(bySymbol.get('__proto__'), 4);
  assert.equal(bySymbol.get('toString'), DEPTH);
  assert.equal(bySymbol.get('ETH'), DEPTH);
  await waitFor(async () => {
    const raw = await stack.redis.get(key('__proto__'));
    const snap = raw === null ? null : JSON.parse(raw) as BookSnapshot;
    return snap !== null && snap.bids.length === 4 && snap.asks.length === 4;
  }, { message: '__proto__ written at its own depth 4' });
  // Back, so the order of tests does not matter.
  const reset = await stack.app.inject({ method: 'PATCH', url: '/api/config', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ depthOverrides: { BTC: 5 } }) });
  assert.equal(reset.statusCode, 200, reset.body);
});

test('a settings patch or query naming __proto__ or constructor is refused or ignored, and pollutes nothing', async () => {
  const patch = await stack.app.inject({
    method: 'PATCH', url: '/api/config', headers: { 'content-type': 'application/json' },
    payload: '{"__proto__":{"depth":1,"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
  });
  assert.equal(patch.statusCode, 400, patch.body);
  const body = patch.json() as { code: string; fields?: { field: string }[] };
  assert.equal(body.code, 'ERR_CONFIG_RANGE');
  assert.deepEqual(body.fields?.map((f) => f.field).sort(), ['__proto__', 'constructor']);
  assert.equal(stack.streamer.settings().depth, DEPTH, 'nothing applied');
  for (const url of ['/api/stats?__proto__=1&constructor=2', '/api/markets/BTC/book?__proto__=1&toString=2', '/api/markets/constructor/book?depth=3']) {
    const res = await stack.app.inject({ method: 'GET', url });
    assert.ok(res.statusCode === 200 || res.statusCode === 400, `${url}: ${res.statusCode} ${res.body}`);
  }
  const book = await stack.app.inject({ method: 'GET', url: '/api/markets/constructor/book?depth=3' });
  assert.equal((book.json() as BookSnapshot).bids.length, 3);
  const unknown = await stack.app.inject({ method: 'GET', url: '/api/markets/__defineSetter__/book' });
  assert.equal(unknown.statusCode, 404, 'a name no venue listed is unknown, not an inherited member');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal((Object.prototype as Record<string, unknown>).depth, undefined);
});
