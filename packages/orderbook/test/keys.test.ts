// Books fed the parser's numeric keys (BookEvent.bidKeys/askKeys) must equal books fed the
// strings alone: same levels, same strings, same ignored counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrderBook, levelKey } from '../src/index';
import { sizeKind, toNumber } from '../src/side';

function rng(seed: number) {
  return () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

const keysOf = (flat: readonly string[]) => {
  const out: number[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push(levelKey(flat[i]!, flat[i + 1]!));
  return out;
};

test('levelKey: the price as Number() gives it, negated for a zero size, NaN when invalid', () => {
  assert.equal(levelKey('83693.9', '0.00238'), 83693.9);
  assert.equal(levelKey('83693.90', '0.0000'), -83693.9);
  assert.equal(levelKey('1e2', '0e0'), -100);
  assert.equal(levelKey('12345678901234567', '1'), 12345678901234567);
  for (const [p, s] of [['0', '1'], ['-1', '1'], ['x', '1'], ['5', '-1'], ['5', 'x'], ['Infinity', '1'], [' 5', '1']]) {
    assert.ok(Number.isNaN(levelKey(p!, s!)), `${p} ${s}`);
  }
  for (const [p, s] of [['83693.9', '1'], ['7', '0.00']]) {
    assert.equal(Math.abs(levelKey(p!, s!)), toNumber(p!));
    assert.equal(levelKey(p!, s!) < 0, sizeKind(s!) === 0);
  }
});

for (const depth of [50, 1000]) {
  test(`keyed and string-only books agree on a random stream, depth ${depth}`, () => {
    const r = rng(depth);
    const tick = 0.1;
    const mid = 83_700;
    // Several spellings of one price (trailing zeros, exponent) must land on one level.
    const px = (bid: boolean, i: number) => {
      const v = bid ? mid - i * tick : mid + tick + i * tick;
      const x = r();
      return x < 0.8 ? v.toFixed(1) : x < 0.95 ? v.toFixed(3) : (v * 10).toFixed(0) + 'e-1';
    };
    const size = () => (r() < 0.25 ? ['0', '0.00000', '0e0'][Math.floor(r() * 3)]! : (r() * 3 + 0.001).toFixed(5));
    const side = (n: number, bid: boolean, reach: number) => {
      const flat: string[] = [];
      // Skewed to the top; reach > depth inserts past the end of the book.
      for (let k = 0; k < n; k++) flat.push(px(bid, Math.floor(r() * r() * reach)), size());
      return flat;
    };
    const bestFirst = (n: number, bid: boolean) => {
      const flat: string[] = [];
      for (let i = 0; i < n; i++) flat.push(px(bid, i), (r() * 3 + 0.001).toFixed(5));
      return flat;
    };
    const plain = new OrderBook();
    const keyed = new OrderBook();
    for (let op = 0; op < 4000; op++) {
      const x = r();
      if (op === 0 || x < 0.005) {
        // The venue's sorted snapshot, or (sometimes) an unsorted one with duplicates and deletes.
        const sorted = op === 0 || r() < 0.5;
        const bids = sorted ? bestFirst(depth, true) : side(depth, true, depth * 1.25);
        const asks = sorted ? bestFirst(depth, false) : side(depth, false, depth * 1.25);
        assert.equal(keyed.applySnapshot(bids, asks, keysOf(bids), keysOf(asks)), plain.applySnapshot(bids, asks));
      } else {
        const bids = side(Math.floor(r() * 12), true, depth * 1.25);
        const asks = side(Math.floor(r() * 12), false, depth * 1.25);
        assert.equal(keyed.applyDelta(bids, asks, keysOf(bids), keysOf(asks)), plain.applyDelta(bids, asks));
      }
      assert.equal(keyed.bidCount, plain.bidCount, `op ${op}`);
      assert.equal(keyed.askCount, plain.askCount, `op ${op}`);
      assert.equal(keyed.bestBidStr(), plain.bestBidStr());
      assert.equal(keyed.bestAskStr(), plain.bestAskStr());
      if (op % 100 === 0) assert.deepEqual(keyed.top(depth * 2), plain.top(depth * 2), `op ${op}`);
    }
    assert.deepEqual(keyed.top(depth * 2), plain.top(depth * 2));
    assert.ok(plain.bidCount > depth / 2 && plain.askCount > depth / 2, 'the stream keeps the book deep');
  });
}

test('keyed levels with invalid keys are ignored and counted; keys of the wrong length are not used', () => {
  const b = new OrderBook();
  assert.equal(b.applySnapshot(['3', '1', '2', '1', '1', '1'], [], [3, NaN, 1], []), 1);
  assert.deepEqual(b.top(5).bids, [['3', '1'], ['1', '1']]);
  assert.equal(b.applyDelta(['4', '1', '5', '1', '6', '1', '7', '1'], [], [0, -0, Infinity, -Infinity], []), 4);
  assert.equal(b.bidCount, 2);
  // One key short: the strings decide (so '9' is inserted, though the key says delete).
  assert.equal(b.applyDelta(['9', '1', 'x', '1'], [], [-9], []), 1);
  assert.deepEqual(b.top(5).bids, [['9', '1'], ['3', '1'], ['1', '1']]);
  // A negative key deletes whatever the size string says.
  assert.equal(b.applyDelta(['3', '1'], [], [-3], []), 0);
  assert.deepEqual(b.top(5).bids, [['9', '1'], ['1', '1']]);
});
