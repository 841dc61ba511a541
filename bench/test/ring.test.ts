// The generator's ring must be a valid, gap-free Lighter stream whose true books are right:
// checked against the feeds' reference parser and @ob/orderbook's OrderBook as the model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLighterFrame, parseLighterFrameReference } from '@ob/feeds';
import { OrderBook } from '@ob/orderbook';
import { createRing, topOf } from '../src/ring';

const ring = createRing({ markets: 45, seed: 7, forward: 3_000 });

function replay(positions: number, cycles = 0) {
  const books = new Map<number, OrderBook>();
  const nonce = new Map<number, number>();
  for (const m of ring.markets) {
    const b = new OrderBook();
    const start = topOf(ring.startBook(m.id), 10_000);
    b.applySnapshot(start.bids.flat(), start.asks.flat());
    books.set(m.id, b);
    nonce.set(m.id, ring.startNonce[m.id]!);
  }
  const total = cycles * ring.size + positions;
  for (let k = 0; k < total; k++) {
    const i = k % ring.size;
    const id = ring.market[i]!;
    const prev = nonce.get(id)!;
    const text = ring.frame(i, prev + 1, prev, 1_700_000_000_000 + k);
    const f = parseLighterFrameReference(text, 0);
    assert.equal(f.type, 'book', text);
    if (f.type !== 'book') continue;
    assert.equal(f.event.kind, 'delta');
    assert.equal(f.event.market, id);
    assert.equal(f.event.prevSeq, prev, 'gap-free');
    // The fast parser must read the ring's frames exactly as the reference does.
    assert.deepEqual(parseLighterFrame(text, 0), f);
    books.get(id)!.applyDelta(f.event.bids, f.event.asks);
    nonce.set(id, prev + 1);
  }
  return books;
}

const sameAsModel = (books: Map<number, OrderBook>, pos: number) => {
  for (const m of ring.markets) {
    const want = topOf(ring.bookAt(m.id, pos), 1_000);
    assert.deepEqual(books.get(m.id)!.top(1_000), want, `market ${m.id} at position ${pos}`);
  }
};

test('the ring is two halves: K simulator frames then their inverses', () => {
  assert.equal(ring.size, 6_000);
  assert.equal(ring.markets.length, 45);
});

test('frames parse, continue each market\'s nonce, and the true book matches an OrderBook fed the same frames', () => {
  for (const pos of [0, 1, 1_234, 3_000, 4_567]) sameAsModel(replay(pos), pos);
});

test('a full cycle brings every book back to its start, so a second cycle continues gap-free', () => {
  const after = replay(777, 1);
  sameAsModel(after, 777);
  const full = replay(0, 1);
  for (const m of ring.markets) assert.deepEqual(full.get(m.id)!.top(1_000), topOf(ring.startBook(m.id), 1_000));
});

test('the middle of the cycle is not the start (the check would catch a streamer ignoring updates)', () => {
  const differ = ring.markets.filter((m) =>
    JSON.stringify(topOf(ring.bookAt(m.id, ring.size / 2), 50)) !== JSON.stringify(topOf(ring.startBook(m.id), 50)));
  assert.ok(differ.length > ring.markets.length / 2, `${differ.length} markets moved`);
});
