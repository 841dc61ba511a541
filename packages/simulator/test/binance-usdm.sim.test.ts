// The Binance USD-M simulator through a raw ws client: REST shapes and weights, the documented
// sync yielding the true book, the live-subscribe protocol and its error answers, and every
// enforced limit (counted where a test reads it).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { waitFor } from '@ob/testkit';
import { createBinanceUsdmSimulator, type BinanceSimulatorOptions, type BinanceUsdmSimulator } from '@ob/simulator';
import { connect, parse, type TestClient } from './helpers';
import { PairBook } from './pair-book';

const sims: BinanceUsdmSimulator[] = [];
const clients: TestClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(sims.map((s) => s.stop()));
});
async function start(opts: BinanceSimulatorOptions = {}) {
  const sim = createBinanceUsdmSimulator({ port: 0, rate: 400, markets: 4, levels: 30, ...opts });
  sims.push(sim);
  return { sim, ...(await sim.start()) };
}
async function client(url: string) { const c = await connect(url); clients.push(c); return c; }
const events = (frames: readonly string[], symbol: string) => frames.map(parse)
  .map((m) => (m && typeof m.stream === 'string' ? m.data as Record<string, unknown> : m))
  .filter((m): m is Record<string, unknown> => m?.e === 'depthUpdate' && m.s === symbol);

test('REST: TRADING perpetuals plus listed others, depth by limit with its weight header', async () => {
  const { sim, restUrl } = await start();
  const info = await (await fetch(`${restUrl}/fapi/v1/exchangeInfo`)).json() as { symbols: Record<string, unknown>[] };
  assert.deepEqual(info.symbols.filter((s) => s.contractType === 'PERPETUAL' && s.status === 'TRADING').map((s) => s.symbol), sim.symbols());
  assert.equal(info.symbols.length, sim.symbols().length + 2);
  const res = await fetch(`${restUrl}/fapi/v1/depth?symbol=BTCUSDT&limit=5`);
  const body = await res.json() as { lastUpdateId: number; bids: string[][] };
  assert.equal(body.bids.length, 5);
  assert.equal(res.headers.get('x-mbx-used-weight-1m'), '3', 'exchangeInfo 1 + depth(5) 2');
  const r1000 = await fetch(`${restUrl}/fapi/v1/depth?symbol=BTCUSDT&limit=1000`);
  assert.equal(r1000.headers.get('x-mbx-used-weight-1m'), '23');
  assert.equal((await r1000.json() as { lastUpdateId: number }).lastUpdateId, sim.trueBook('BTCUSDT').lastUpdateId);
  assert.deepEqual(await (await fetch(`${restUrl}/fapi/v1/depth?symbol=BTCUSDT&limit=7`)).json(), { code: -1130, msg: "Data sent for parameter 'limit' is not valid." });
  assert.equal((await fetch(`${restUrl}/fapi/v1/depth?symbol=NOPE&limit=5`)).status, 400);
});

test('REST weight: over the limit 429 with Retry-After; asking again too often before it passes is a 418 ban', async () => {
  const { sim, restUrl } = await start({ weightLimit: 50, weightWindowMs: 60_000, banMs: 60_000, banAfter: 1 });
  const get = () => fetch(`${restUrl}/fapi/v1/depth?symbol=ETHUSDT&limit=1000`);
  assert.equal((await get()).status, 200);
  assert.equal((await get()).status, 200);
  const limited = await get();
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  assert.equal((await get()).status, 429, 'one early retry is forgiven');
  const banned = await get();
  assert.equal(banned.status, 418);
  assert.ok(Number(banned.headers.get('retry-after')) >= 59);
  assert.deepEqual([sim.counters().rateLimited, sim.counters().banned, sim.usedWeight()], [2, 1, 40]);
});

test('the documented sync on the wire: snapshot + buffered events whose pu chains give the true book', async () => {
  const { sim, wsUrl, restUrl } = await start();
  const c = await client(wsUrl);
  c.send({ method: 'SUBSCRIBE', params: ['btcusdt@depth@100ms'], id: 7 });
  await c.waitFrame((t) => t === '{"result":null,"id":7}', 0, 'ack');
  await waitFor(() => events(c.frames, 'BTCUSDT').length >= 3, { message: 'events buffered' });
  const snap = await (await fetch(`${restUrl}/fapi/v1/depth?symbol=BTCUSDT&limit=1000`)).json() as { lastUpdateId: number; bids: string[][]; asks: string[][] };
  await waitFor(() => events(c.frames, 'BTCUSDT').some((e) => (e.u as number) > snap.lastUpdateId + 20), { message: 'events past the snapshot' });
  sim.pause();
  const truth = sim.trueBook('BTCUSDT');
  await waitFor(() => (events(c.frames, 'BTCUSDT').at(-1)?.u as number) === truth.lastUpdateId, { message: 'last event received' });
  const book = new PairBook();
  book.load(snap.bids, snap.asks);
  let last = -1;
  for (const e of events(c.frames, 'BTCUSDT')) {
    if ((e.u as number) < snap.lastUpdateId) continue;
    if (last < 0) assert.ok((e.U as number) <= snap.lastUpdateId || e.pu === snap.lastUpdateId, 'the first applied straddles or follows the snapshot');
    else assert.equal(e.pu, last, 'pu chains');
    book.apply(e.b as string[][], e.a as string[][]);
    last = e.u as number;
  }
  assert.deepEqual(book.levels('bids'), truth.bids);
  assert.deepEqual(book.levels('asks'), truth.asks);
  sim.resume();
});

test('live requests and the docs error answers', async () => {
  const { wsUrl } = await start();
  const c = await client(wsUrl);
  const ask = async (msg: unknown) => {
    const from = c.frames.length;
    c.send(msg);
    const i = await c.waitFrame((t) => { const m = parse(t); return m !== undefined && ('result' in m || 'code' in m); }, from, JSON.stringify(msg));
    return parse(c.frames[i]!);
  };
  assert.deepEqual(await ask({ method: 'SUBSCRIBE', params: ['ethusdt@depth', 'btcusdt@aggTrade'], id: 1 }), { result: null, id: 1 });
  assert.deepEqual(await ask({ method: 'LIST_SUBSCRIPTIONS', id: 2 }), { result: ['ethusdt@depth', 'btcusdt@aggTrade'], id: 2 });
  assert.deepEqual(await ask({ method: 'GET_PROPERTY', params: ['combined'], id: 3 }), { result: false, id: 3 });
  assert.equal((await ask({ method: 'SET_PROPERTY', params: ['combined', 'yes'], id: 4 }))?.code, 1);
  assert.equal((await ask({ method: 'SET_PROPERTY', params: ['other', true], id: 5 }))?.code, 0);
  assert.equal((await ask({ method: 'SUBSCRIBE', params: ['x'], id: 'abc' }))?.code, 2);
  assert.match(String((await ask({ method: 'FOO', id: 6 }))?.msg), /unknown variant "FOO"/);
  assert.equal((await ask('{"method":'))?.code, 3, 'invalid JSON');
  assert.equal((await ask({ params: [], id: 8 }))?.code, 2, 'missing method');
});

test('combined streams wrap payloads; ?streams= subscribes on connect; UNSUBSCRIBE stops them', async () => {
  const { sim, combinedWsUrl } = await start();
  const c = await client(`${combinedWsUrl}?streams=ethusdt@depth@100ms`);
  await waitFor(() => c.frames.some((t) => t.startsWith('{"stream":"ethusdt@depth@100ms","data":{"e":"depthUpdate"')), { message: 'wrapped event' });
  c.send({ method: 'UNSUBSCRIBE', params: ['ethusdt@depth@100ms'], id: 9 });
  await c.waitFrame((t) => t === '{"result":null,"id":9}');
  assert.deepEqual(sim.clientStreams(), [[]]);
});

test('breakPu: the next event does not chain; the true book still includes it', async () => {
  const { sim, wsUrl } = await start({ markets: 1 });
  const c = await client(wsUrl);
  c.send({ method: 'SUBSCRIBE', params: ['btcusdt@depth'], id: 1 });
  await waitFor(() => events(c.frames, 'BTCUSDT').length >= 2);
  const from = events(c.frames, 'BTCUSDT').length;
  sim.faults.breakPu('BTCUSDT');
  // Events in flight when the knob is set are not broken: find the first that is.
  const i = await waitFor(() => {
    const evs = events(c.frames, 'BTCUSDT');
    for (let k = Math.max(1, from); k + 1 < evs.length; k++) if (evs[k]!.pu !== evs[k - 1]!.u) return k;
    return 0;
  }, { message: 'the broken event' });
  const evs = events(c.frames, 'BTCUSDT');
  assert.equal(evs[i + 1]!.pu, evs[i]!.u, 'chained again after it');
  assert.ok(evs.slice(1, i).every((e, k) => e.pu === evs[k]!.u), 'only that one is broken');
});

test('more than 10 messages a second: disconnected and counted', async () => {
  const { sim, wsUrl } = await start();
  const c = await client(wsUrl);
  for (let i = 1; i <= 11; i++) c.send({ method: 'LIST_SUBSCRIPTIONS', id: i });
  await waitFor(() => c.closed, { message: 'closed for the rate' });
  assert.equal(sim.counters().rateBreaches, 1);
  const calm = await client(wsUrl);
  for (let i = 1; i <= 10; i++) calm.send({ method: 'LIST_SUBSCRIPTIONS', id: i });
  await calm.waitFrame((t) => t.includes('"id":10'));
  assert.equal(calm.closed, false, 'ten in a second is allowed');
});

test('more streams than a connection may carry: disconnected and counted', async () => {
  const { sim, wsUrl } = await start({ streamsPerConnection: 3 });
  const c = await client(wsUrl);
  c.send({ method: 'SUBSCRIBE', params: ['a@depth', 'b@depth', 'c@depth'], id: 1 });
  await c.waitFrame((t) => t.includes('"id":1'));
  c.send({ method: 'SUBSCRIBE', params: ['d@depth'], id: 2 });
  await waitFor(() => c.closed);
  assert.equal(sim.counters().streamBreaches, 1);
});

test('a client that never pongs is dropped; one that does is kept; connections end at the max age', async () => {
  const { sim, wsUrl } = await start({ pingIntervalMs: 40, pongTimeoutMs: 200, maxConnectionAgeMs: 60_000 });
  const silent = new WebSocket(wsUrl, { autoPong: false });
  let silentClosed = false;
  silent.on('close', () => { silentClosed = true; });
  silent.on('error', () => {});
  const polite = await client(wsUrl);
  await waitFor(() => silentClosed, { message: 'dropped for no pong' });
  assert.equal(sim.counters().pongTimeouts, 1);
  assert.equal(polite.closed, false);

  const aged = await start({ maxConnectionAgeMs: 150 });
  const old = await client(aged.wsUrl);
  await waitFor(() => old.closed, { message: 'closed at the max age' });
  assert.equal(aged.sim.counters().ageDrops, 1);
});

test('connections per IP over the window are refused with 429 and counted', async () => {
  const { sim, wsUrl } = await start({ connectionsPerWindow: 2, connectionWindowMs: 60_000 });
  await client(wsUrl);
  await client(wsUrl);
  await assert.rejects(connect(wsUrl), /429/);
  assert.equal(sim.counters().connectionBreaches, 1);
});

test('options are refused whole, naming the field and the range', () => {
  assert.throws(() => createBinanceUsdmSimulator({ messagesPerSecond: 0 }), /messagesPerSecond must be an integer in 1\.\.10000, got 0/);
  assert.throws(() => createBinanceUsdmSimulator({ rate: -1 }), /rate must be a number/);
});
