import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '@ob/testkit';
import { createSimulator, type Simulator } from '@ob/simulator';
import { bookFrames, connect, MiniBook, parse, type TestClient } from './helpers';

let sim: Simulator;
let wsUrl: string;
let restUrl: string;
const open: TestClient[] = [];
const client = async () => { const c = await connect(wsUrl); open.push(c); return c; };

before(async () => {
  sim = createSimulator({ port: 0, rate: 600, seed: 1, levels: 30, idlePingMs: 100 });
  ({ wsUrl, restUrl } = await sim.start());
});
after(async () => {
  await Promise.all(open.map((c) => c.close()));
  await sim.stop();
});

/** Rebuilds one market from a client's frames, checking continuity and crossing on the way. */
function rebuild(frames: readonly string[], market: number): MiniBook {
  const book = new MiniBook();
  const msgs = bookFrames(frames, market);
  assert.equal(msgs[0]?.type, 'subscribed/order_book', 'first book frame is the snapshot');
  for (const m of msgs) {
    book.apply(m);
    assert.ok(!book.crossed(), `market ${market} crossed at nonce ${m.order_book.nonce}`);
  }
  assert.equal(book.gaps, 0, `market ${market}: nonce gaps`);
  return book;
}

test('REST lists 45 active markets (and inactive ones) in Lighter shape', async () => {
  assert.ok(restUrl.endsWith('/api/v1/orderBookDetails'), 'the list the venue recommends');
  const details = await (await fetch(restUrl)).json() as { order_book_details: unknown[]; spot_order_book_details: unknown[] };
  assert.equal(details.order_book_details.length, 47);
  assert.deepEqual(details.spot_order_book_details, []);
  const res = await fetch(restUrl.replace('orderBookDetails', 'orderBooks'));
  assert.equal(res.status, 200);
  const body = await res.json() as { code: number; order_books: Record<string, unknown>[] };
  assert.equal(body.code, 200);
  const active = body.order_books.filter((b) => b.status === 'active');
  assert.equal(active.length, 45);
  assert.ok(body.order_books.some((b) => b.status === 'inactive'));
  assert.deepEqual(body.order_books[0], { ...body.order_books[0], symbol: 'ETH', market_id: 0, market_type: 'perp', supported_price_decimals: 2 });
  assert.deepEqual(sim.markets().map((m) => m.id), active.map((b) => b.market_id));
  assert.equal((await fetch(restUrl.replace('orderBookDetails', 'nope'))).status, 404);
});

test('subscribe: connected, snapshot, continuous deltas; the rebuilt books equal trueBook after pause', async () => {
  const c = await client();
  await c.waitFrame((f) => parse(f)?.type === 'connected', 0, 'connected');
  assert.match(c.frames[0]!, /^\{"type":"connected","session_id":"[^"]+"\}$/);
  const markets = [0, 1, 21];
  c.subscribe(...markets);
  for (const m of markets) await c.waitFrame((f) => f.includes(`"type":"subscribed/order_book"`) && f.includes(`"order_book:${m}"`), 0, `snapshot ${m}`);
  await waitFor(() => markets.every((m) => bookFrames(c.frames, m).length > 5), { message: 'deltas for every market' });
  sim.pause();
  try {
    const truth = new Map(markets.map((m) => [m, sim.trueBook(m)]));
    // Everything generated before pause() is on its way: wait for each market's last nonce.
    await waitFor(() => markets.every((m) => bookFrames(c.frames, m).at(-1)?.order_book.nonce === truth.get(m)!.nonce),
      { message: 'last nonce of every market' });
    for (const m of markets) {
      const book = rebuild(c.frames, m);
      assert.deepEqual(book.levels('bids'), truth.get(m)!.bids, `market ${m} bids`);
      assert.deepEqual(book.levels('asks'), truth.get(m)!.asks, `market ${m} asks`);
    }
    // Only subscribed markets arrive.
    const channels = new Set(c.frames.map((f) => parse(f)?.channel).filter((x) => x !== undefined));
    assert.deepEqual([...channels].sort(), ['order_book:0', 'order_book:1', 'order_book:21']);
  } finally {
    sim.resume();
  }
});

test('each client has its own subscriptions; nonces are one sequence per market', async () => {
  const a = await client();
  const b = await client();
  a.subscribe(1, 2);
  b.subscribe(1);
  await waitFor(() => bookFrames(b.frames, 1).length > 5 && bookFrames(a.frames, 2).length > 1, { message: 'frames' });
  sim.pause();
  try {
    const last = sim.trueBook(1).nonce;
    await waitFor(() => [a, b].every((c) => bookFrames(c.frames, 1).at(-1)?.order_book.nonce === last), { message: 'last nonce' });
    assert.equal(bookFrames(b.frames, 2).length, 0, 'b never asked for market 2');
    // After both snapshots, both saw the very same updates.
    const from = Math.max(...[a, b].map((c) => bookFrames(c.frames, 1)[0]!.order_book.nonce));
    const updates = (c: TestClient) => bookFrames(c.frames, 1).filter((m) => m.type === 'update/order_book' && m.order_book.nonce > from)
      .map((m) => JSON.stringify(m.order_book));
    assert.ok(updates(a).length > 0);
    assert.deepEqual(updates(a), updates(b));
    rebuild(a.frames, 1);
    rebuild(b.frames, 1);
  } finally {
    sim.resume();
  }
});

test('unsubscribe stops that market for that client only', async () => {
  const c = await client();
  c.subscribe(0, 1);
  await waitFor(() => bookFrames(c.frames, 0).length > 2 && bookFrames(c.frames, 1).length > 2, { message: 'both markets' });
  c.send({ type: 'unsubscribe', channel: 'order_book/1' });
  c.send({ type: 'ping' });
  // The server handles a socket's messages in order: nothing of market 1 may follow this pong.
  const pong = await c.waitFrame((f) => f === '{"type":"pong"}', 0, 'pong');
  const generated = sim.counters().generated;
  await waitFor(() => sim.counters().generated > generated + 200 && bookFrames(c.frames.slice(pong), 0).length > 5,
    { message: 'more updates after the unsubscribe' });
  assert.equal(bookFrames(c.frames.slice(pong), 1).length, 0);
});

test('ping is answered with pong; an idle client is pinged', async () => {
  const c = await client();
  c.send({ type: 'ping' });
  await c.waitFrame((f) => f === '{"type":"pong"}', 0, 'pong');
  // No subscriptions: nothing else is sent, so the venue pings (idlePingMs 100 here).
  await c.waitFrame((f) => f === '{"type":"ping"}', 0, 'venue ping');
});

test('bad client messages get an error and never close the socket', async () => {
  const c = await client();
  const bad = ['not json', '[1]', '{"type":"hello"}', '{"type":"subscribe","channel":"order_book/999"}',
    '{"type":"subscribe","channel":"trade/1"}', '{"type":"subscribe","channel":"order_book/45"}', '{"type":"subscribe"}'];
  for (const m of bad) c.send(m);
  const errors = () => c.frames.map(parse).filter((f) => f?.error !== undefined);
  await waitFor(() => errors().length === bad.length, { message: 'an error per message' });
  // The venue sends errors with and without a type; the simulator alternates.
  assert.ok(errors().some((f) => f!.type === 'error') && errors().some((f) => f!.type === undefined));
  assert.equal(typeof ((errors()[0]!.error) as { message?: unknown }).message, 'string');
  c.send({ type: 'ping' });
  await c.waitFrame((f) => f === '{"type":"pong"}', 0, 'pong after errors');
  assert.equal(c.closed, false);
});

test('a repeated subscribe is answered 30003 already subscribed, not with a snapshot; unsubscribe first gets one', async () => {
  const c = await client();
  c.subscribe(24);
  await c.waitFrame((f) => f.includes('"type":"subscribed/order_book"'), 0, 'first snapshot');
  const before = sim.breaches().alreadySubscribed;
  c.subscribe(24);
  await c.waitFrame((f) => f.includes('30003'), 0, '30003');
  assert.equal(sim.breaches().alreadySubscribed, before + 1);
  assert.equal(c.frames.filter((f) => f.includes('"type":"subscribed/order_book"')).length, 1);
  c.send({ type: 'unsubscribe', channel: 'order_book/24' });
  c.subscribe(24);
  await waitFor(() => c.frames.filter((f) => f.includes('"type":"subscribed/order_book"')).length === 2, { message: 'second snapshot' });
  rebuild(c.frames.slice(c.frames.findLastIndex((f) => f.includes('"type":"subscribed/order_book"'))), 24);
});

test('options are checked', () => {
  assert.throws(() => createSimulator({ rate: -1 }), RangeError);
  assert.throws(() => createSimulator({ batchMs: 0 }), RangeError);
  assert.throws(() => sim.setRate(Number.NaN), RangeError);
});
