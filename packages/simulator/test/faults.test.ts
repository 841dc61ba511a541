import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '@ob/testkit';
import { createSimulator, HUGE_GARBAGE_BYTES, type Simulator } from '@ob/simulator';
import { bookFrames, connect, isValidBook, MiniBook, parse, type TestClient } from './helpers';

const sims: Simulator[] = [];
const clients: TestClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(sims.map((s) => s.stop()));
});

async function setup(opts: Parameters<typeof createSimulator>[0] = {}) {
  const sim = createSimulator({ port: 0, rate: 400, levels: 20, ...opts });
  sims.push(sim);
  const { wsUrl } = await sim.start();
  const client = async () => { const c = await connect(wsUrl); clients.push(c); return c; };
  return { sim, client };
}

test('skipNonce: one update of that market breaks the chain; the venue book still applies it', async () => {
  const { sim, client } = await setup();
  const c = await client();
  c.subscribe(1);
  await waitFor(() => bookFrames(c.frames, 1).length > 3, { message: 'deltas' });
  sim.faults.skipNonce(1);
  await waitFor(() => { const b = new MiniBook(); bookFrames(c.frames, 1).forEach((m) => b.apply(m)); return b.gaps === 1; },
    { message: 'a gap' });
  sim.pause();
  const last = sim.trueBook(1).nonce;
  await waitFor(() => bookFrames(c.frames, 1).at(-1)?.order_book.nonce === last, { message: 'last nonce' });
  const book = new MiniBook();
  bookFrames(c.frames, 1).forEach((m) => book.apply(m));
  assert.equal(book.gaps, 1, 'exactly one gap');
  assert.deepEqual(book.levels('bids'), sim.trueBook(1).bids);
  assert.deepEqual(book.levels('asks'), sim.trueBook(1).asks);
});

test('sendGarbage: each kind arrives and none is a valid book frame', async () => {
  const { sim, client } = await setup();
  sim.pause(); // only garbage after the snapshot
  const c = await client();
  c.subscribe(0);
  await c.waitFrame((f) => f.includes('subscribed/order_book'), 0, 'snapshot');
  const known = new Set(['connected', 'subscribed/order_book', 'update/order_book', 'ping', 'pong', 'error']);
  const checks: Record<string, (f: string) => boolean> = {
    'not-json': (f) => parse(f) === undefined,
    'wrong-types': (f) => { const m = parse(f); return m !== undefined && !isValidBook(m); },
    'unknown-type': (f) => { const m = parse(f); return m !== undefined && typeof m.type === 'string' && !known.has(m.type); },
    'huge': (f) => f.length > HUGE_GARBAGE_BYTES,
  };
  for (const kind of ['not-json', 'wrong-types', 'unknown-type', 'huge'] as const) {
    const from = c.frames.length;
    const count = kind === 'huge' ? 1 : 8;
    sim.faults.sendGarbage(count, kind);
    await waitFor(() => c.frames.length >= from + count, { message: `${kind} garbage` });
    const got = c.frames.slice(from);
    assert.equal(got.length, count);
    for (const f of got) assert.ok(checks[kind]!(f), `${kind}: ${f.slice(0, 120)}`);
  }
  const from = c.frames.length;
  sim.faults.sendGarbage(9, 'mixed');
  await waitFor(() => c.frames.length >= from + 9, { message: 'mixed garbage' });
  const mixed = c.frames.slice(from);
  for (const kind of ['not-json', 'wrong-types', 'unknown-type']) assert.ok(mixed.some(checks[kind]!), `mixed has ${kind}`);
  assert.equal(sim.counters().garbage, 8 * 3 + 1 + 9);
  assert.equal(c.closed, false);
});

test('dropConnections terminates every client socket', async () => {
  const { sim, client } = await setup();
  const a = await client();
  const b = await client();
  a.subscribe(0);
  await waitFor(() => sim.clients() === 2, { message: 'two clients' });
  sim.faults.dropConnections();
  await waitFor(() => a.closed && b.closed, { message: 'both closed' });
  assert.equal(sim.clients(), 0);
  const c = await client();
  c.subscribe(0);
  await c.waitFrame((f) => f.includes('subscribed/order_book'), 0, 'service after the drop');
  assert.equal(sim.counters().connections, 3);
});

test('silence: open sockets get nothing and are not answered until it ends, then continue without a gap', async () => {
  const { sim, client } = await setup();
  const c = await client();
  c.subscribe(1);
  await waitFor(() => bookFrames(c.frames, 1).length > 3, { message: 'deltas' });
  const ms = 600;
  const until = Date.now() + ms;
  sim.faults.silence(ms);
  const silencedAt = sim.trueBook(1).nonce; // anything newer was generated after silence()
  const from = c.frames.length;
  c.send({ type: 'ping' }); // dropped: a stalled venue answers nothing
  await waitFor(() => bookFrames(c.frames, 1).some((m) => m.order_book.nonce > silencedAt), { message: 'deltas after silence' });
  assert.ok(Date.now() >= until, 'no new delta before the silence ended');
  assert.equal(c.frames.slice(from).filter((f) => f === '{"type":"pong"}').length, 0);
  const book = new MiniBook();
  bookFrames(c.frames, 1).forEach((m) => book.apply(m));
  assert.equal(book.gaps, 0, 'no gap across the silence');
});

test('silence leaves new connections served', async () => {
  const { sim, client } = await setup();
  const a = await client();
  a.subscribe(0);
  await a.waitFrame((f) => f.includes('subscribed/order_book'), 0, 'snapshot');
  sim.faults.silence(60_000);
  const before = a.frames.length;
  const b = await client();
  b.subscribe(0);
  await b.waitFrame((f) => f.includes('subscribed/order_book'), 0, 'snapshot for a new connection');
  a.send({ type: 'ping' });
  b.send({ type: 'ping' });
  await b.waitFrame((f) => f === '{"type":"pong"}', 0, 'pong on the new connection');
  assert.equal(a.frames.slice(before).includes('{"type":"pong"}'), false);
});

test('a client that does not read is disconnected, not buffered without bound', async () => {
  const { sim, client } = await setup({ rate: 20_000, maxClientBufferedBytes: 64 * 1024, levels: 50 });
  const c = await client();
  c.subscribe(...sim.markets().map((m) => m.id));
  await waitFor(() => c.frames.length > 10, { message: 'frames' });
  c.ws.pause(); // stop reading: the kernel buffers fill, then the venue's backlog grows
  await waitFor(() => sim.counters().slowDrops === 1, { message: 'slow client dropped' });
  assert.equal(sim.clients(), 0);
  c.ws.resume();
  await waitFor(() => c.closed, { message: 'client sees the close' });
});
