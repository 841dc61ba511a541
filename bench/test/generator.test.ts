// The generator process end to end over a real socket: a client subscribing every market gets
// snapshots, then a gap-free firehose; after `pause`, its books equal the generator's true books.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { parseLighterFrameReference } from '@ob/feeds';
import { OrderBook } from '@ob/orderbook';
import { waitFor } from '@ob/testkit';
import type { GeneratorStatus } from '../src/generator-api';
import type { TrueTop } from '../src/ring';
import { spawnChild, type Child } from '../src/rpc';

let gen: Child;
let port: number;

before(async () => {
  gen = spawnChild('generator.ts', { name: 'generator', args: ['--markets', '45', '--seed', '3', '--forward', '2000'] });
  ({ port } = await gen.once<{ port: number }>('listening'));
});
after(async () => { await gen.close(); });

interface Client { ws: WebSocket; books: Map<number, OrderBook>; seq: Map<number, number>; frames: number; gaps: number; snapshots: number }

async function marketIds(): Promise<number[]> {
  const body = (await (await fetch(`http://127.0.0.1:${port}/api/v1/orderBooks`)).json()) as { order_books: { market_id: number; status: string }[] };
  const ids = body.order_books.filter((m) => m.status === 'active').map((m) => m.market_id);
  assert.equal(ids.length, 45);
  return ids;
}

/** One connection subscribing `ids` (all markets by default); `c` collects into a shared client. */
async function connect(only?: number[], c?: Client, arrivals?: number[]): Promise<Client> {
  const ids = only ?? await marketIds();
  const ws = new WebSocket(`ws://127.0.0.1:${port}/stream`);
  c ??= { ws, books: new Map(), seq: new Map(), frames: 0, gaps: 0, snapshots: 0 };
  ws.on('message', (data: Buffer) => {
    c.frames++;
    arrivals?.push(performance.now());
    const f = parseLighterFrameReference(data.toString(), 0);
    if (f.type !== 'book') return;
    const ev = f.event;
    if (ev.kind === 'snapshot') {
      c.snapshots++;
      const b = new OrderBook();
      b.applySnapshot(ev.bids, ev.asks);
      c.books.set(ev.market, b);
    } else {
      if (ev.prevSeq !== c.seq.get(ev.market)) c.gaps++;
      c.books.get(ev.market)!.applyDelta(ev.bids, ev.asks);
    }
    c.seq.set(ev.market, ev.seq);
  });
  await new Promise((resolve) => ws.once('open', resolve));
  for (const id of ids) ws.send(`{"type":"subscribe","channel":"order_book/${id}"}`);
  return c;
}

async function checkBooks(c: Client) {
  const { updates } = await gen.call<{ updates: number }>('pause');
  const st = await gen.call<GeneratorStatus>('status');
  // 1 "connected" frame, the snapshots, the updates.
  await waitFor(() => c.frames === 1 + st.snapshots + updates, { message: 'every frame to arrive' });
  assert.equal(c.gaps, 0);
  const truth = await gen.call<(TrueTop & { id: number })[]>('trueBooks', { depth: 1000 });
  for (const t of truth) {
    assert.equal(c.seq.get(t.id), t.nonce, `nonce of ${t.id}`);
    assert.deepEqual(c.books.get(t.id)!.top(1000), { bids: t.bids, asks: t.asks }, `book of ${t.id}`);
  }
  return updates;
}

test('firehose: more than a whole ring cycle arrives gap-free and the books equal the true books', async () => {
  await gen.call('arm', { kind: 'firehose' });
  const c = await connect();
  await waitFor(async () => (await gen.call<GeneratorStatus>('status')).updates > 5_000, { message: 'a cycle and more' });
  const updates = await checkBooks(c);
  assert.ok(updates > 4_000, `${updates} updates`);
  c.ws.terminate();
});

test('paced, with a market resubscribed mid-stream: its new snapshot is the current true book', async () => {
  const rate = 5_000;
  const t0 = performance.now();
  await gen.call('arm', { kind: 'paced', rate });
  const c = await connect();
  await waitFor(() => c.frames > 1_000, { message: 'some updates' });
  c.ws.send('{"type":"unsubscribe","channel":"order_book/1"}');
  c.ws.send('{"type":"subscribe","channel":"order_book/1"}');
  await waitFor(() => c.snapshots === 46, { message: 'the second snapshot of market 1' });
  await waitFor(() => c.frames > 2_000, { message: 'more updates' });
  const updates = await checkBooks(c);
  // Never more than the schedule allows (an upper bound, whatever the machine's speed).
  const allowed = (rate * (performance.now() - t0)) / 1000;
  assert.ok(updates <= allowed, `${updates} updates sent, at most ${Math.round(allowed)} due`);
  assert.equal((await gen.call<GeneratorStatus>('status')).resubscribes, 1);
  c.ws.terminate();
});

test('spread over two connections: each market on its own phase, frames apart in time, books equal the true books', async () => {
  const ids = await marketIds();
  await gen.call('arm', { kind: 'spread', rate: 2_000, periodMs: 50, seed: 7 });
  const arrivals: number[] = [];
  const a = await connect(ids.slice(0, 20), undefined, arrivals);
  const b = await connect(ids.slice(20), a, arrivals);
  await waitFor(() => a.frames > 2_000, { message: 'some updates' });
  const st = await gen.call<GeneratorStatus>('status');
  assert.equal(st.openConnections, 2);
  // 2 "connected" frames, the snapshots, the updates, all counted in `a`.
  const { updates } = await gen.call<{ updates: number }>('pause');
  await waitFor(() => a.frames === 2 + st.snapshots + updates, { message: 'every frame to arrive' });
  assert.equal(a.gaps, 0);
  const truth = await gen.call<(TrueTop & { id: number })[]>('trueBooks', { depth: 1000 });
  for (const t of truth) {
    assert.equal(a.seq.get(t.id), t.nonce, `nonce of ${t.id}`);
    assert.deepEqual(a.books.get(t.id)!.top(1000), { bids: t.bids, asks: t.asks }, `book of ${t.id}`);
  }
  // Not in bursts: the frames of one 50 ms period arrive at many distinct moments, not 1-2.
  const updatesAt = arrivals.slice(2 + 45);
  const ms = new Set(updatesAt.map((t) => Math.floor(t)));
  assert.ok(ms.size > updatesAt.length / 10, `${updatesAt.length} frames arrived in ${ms.size} distinct ms`);
  a.ws.terminate();
  b.ws.terminate();
});
