import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFrameGenerator, marketCatalogue } from '@ob/simulator';
import { MiniBook, isValidBook, type BookMsg } from './helpers';

const HOT = ['BTC', 'ETH', 'SOL', 'HYPE', 'FARTCOIN'];

test('catalogue: 45 active markets with Lighter ids, two inactive after them', () => {
  const all = marketCatalogue();
  const active = all.filter((m) => m.status === 'active');
  assert.equal(active.length, 45);
  assert.deepEqual(active.map((m) => m.id), [...Array(45).keys()]);
  const id = (s: string) => all.find((m) => m.symbol === s)?.id;
  assert.deepEqual([id('ETH'), id('BTC'), id('SOL'), id('FARTCOIN'), id('HYPE')], [0, 1, 2, 21, 24]);
  assert.equal(new Set(all.map((m) => m.symbol)).size, all.length);
  assert.deepEqual(all.filter((m) => m.status === 'inactive').map((m) => m.id), [45, 46]);
  assert.equal(marketCatalogue(50).filter((m) => m.status === 'active').length, 50);
  assert.throws(() => marketCatalogue(0), RangeError);
});

test('same seed, same frames; another seed, other frames', () => {
  const run = (seed: number) => {
    const g = createFrameGenerator({ seed });
    return Array.from({ length: 500 }, () => g.next(1));
  };
  assert.deepEqual(run(7), run(7));
  assert.notDeepEqual(run(7), run(8));
});

test('hot markets get most of the rate', () => {
  const g = createFrameGenerator({ seed: 3 });
  const hot = new Set(g.markets().filter((m) => HOT.includes(m.symbol)).map((m) => m.id));
  let n = 0;
  for (let i = 0; i < 10_000; i++) if (hot.has(g.pick())) n++;
  assert.ok(n > 5_000, `hot share ${n}/10000`);
});

test('deltas rebuild the true book exactly; nonces chain; books never cross; level counts stay bounded', () => {
  const levels = 20;
  const g = createFrameGenerator({ seed: 11, levels });
  const books = new Map<number, MiniBook>();
  const prices = new Map<number, number>();
  for (const m of g.markets()) {
    const b = new MiniBook();
    b.apply(JSON.parse(g.snapshot(m.id, 1)) as BookMsg);
    books.set(m.id, b);
    prices.set(m.id, Number(b.levels('bids')[0]![0]));
  }
  const zeros = new Set<string>();
  for (let i = 0; i < 20_000; i++) {
    const id = g.pick();
    const text = g.update(id, 2);
    const msg = JSON.parse(text) as BookMsg & Record<string, unknown>;
    assert.ok(isValidBook(msg), text);
    assert.equal(msg.type, 'update/order_book');
    assert.equal(msg.channel, `order_book:${id}`);
    const book = books.get(id)!;
    assert.equal(msg.order_book.begin_nonce, book.nonce, 'begin_nonce = previous nonce');
    assert.ok(msg.order_book.nonce > msg.order_book.begin_nonce);
    for (const l of [...msg.order_book.bids, ...msg.order_book.asks]) if (Number(l.size) === 0) zeros.add(l.size);
    book.apply(msg);
    assert.ok(!book.crossed(), `market ${id} crossed after update ${i}`);
    for (const side of ['bids', 'asks'] as const) {
      const n = book[side].size;
      assert.ok(n >= levels * 0.8 - 1 && n <= levels * 1.2 + 1, `market ${id} ${side}: ${n} levels`);
    }
  }
  for (const m of g.markets()) {
    const truth = g.trueBook(m.id);
    const book = books.get(m.id)!;
    assert.equal(book.nonce, truth.nonce);
    assert.deepEqual(book.levels('bids'), truth.bids, `${m.symbol} bids`);
    assert.deepEqual(book.levels('asks'), truth.asks, `${m.symbol} asks`);
    // The walk reverts to the starting price: no drift to zero or infinity.
    const bid = Number(truth.bids[0]![0]);
    const start = prices.get(m.id)!;
    assert.ok(Math.abs(bid - start) / start < 0.1, `${m.symbol} walked from ${start} to ${bid}`);
  }
  assert.ok(zeros.has('0') && zeros.has('0.0000'), `zero formats seen: ${[...zeros]}`);
});

test('prices use the market decimals; sizes too', () => {
  const g = createFrameGenerator({ seed: 5 });
  for (const m of g.markets()) {
    const book = g.trueBook(m.id);
    const decimals = (s: string) => s.split('.')[1]?.length ?? 0;
    for (const [p, s] of [...book.bids, ...book.asks]) {
      assert.equal(decimals(p), m.priceDecimals, `${m.symbol} price ${p}`);
      assert.equal(decimals(s), m.sizeDecimals, `${m.symbol} size ${s}`);
    }
  }
  const btc = Number(g.trueBook(1).bids[0]![0]);
  assert.ok(btc > 50_000 && btc < 150_000, `BTC ${btc}`);
});

test('skipNonce: the next update of that market breaks the chain, and the venue book still applies it', () => {
  const g = createFrameGenerator({ seed: 9 });
  const book = new MiniBook();
  book.apply(JSON.parse(g.snapshot(2)) as BookMsg);
  book.apply(JSON.parse(g.update(2)) as BookMsg);
  g.skipNonce(2);
  const other = JSON.parse(g.update(1)) as BookMsg;
  assert.equal(other.order_book.begin_nonce === 0, false);
  const gap = JSON.parse(g.update(2)) as BookMsg;
  assert.notEqual(gap.order_book.begin_nonce, book.nonce);
  book.apply(gap);
  const next = JSON.parse(g.update(2)) as BookMsg;
  assert.equal(next.order_book.begin_nonce, gap.order_book.nonce, 'only one gap');
  book.apply(next);
  assert.equal(book.gaps, 1);
  assert.deepEqual(book.levels('bids'), g.trueBook(2).bids);
  assert.deepEqual(book.levels('asks'), g.trueBook(2).asks);
});

test('bad options are refused', () => {
  assert.throws(() => createFrameGenerator({ levels: 1 }), RangeError);
  assert.throws(() => createFrameGenerator({ markets: 20_000 }), RangeError);
  const g = createFrameGenerator({ markets: 3 });
  assert.throws(() => g.update(3), RangeError);
  assert.equal(g.has(45), false);
});
