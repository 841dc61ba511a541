import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrderBook } from '../src/index';
import { toNumber } from '../src/side';

/** writeLevelsBytes() into a buffer of `room` bytes, from offset 3, as text; null when it said the room was short. */
const bytesOf = (b: OrderBook, side: 'bids' | 'asks', depth: number, room = 64 * 1024) => {
  const out = new Uint8Array(room);
  const end = b.writeLevelsBytes(side, depth, out, 3);
  return end < 0 ? null : Buffer.from(out.subarray(3, end)).toString('utf8');
};

const snap = () => {
  const b = new OrderBook();
  b.applySnapshot(
    ['83691.1', '0.00020', '83690.00', '2.00000', '83650.5', '0.3'],
    ['83693.90', '0.00238', '83694.0', '0.10000', '83701.25', '1.5'],
  );
  return b;
};

test('snapshot: ordering, exact strings, counts, best bid/ask', () => {
  const b = snap();
  assert.equal(b.bidCount, 3);
  assert.equal(b.askCount, 3);
  assert.equal(b.bestBid(), 83691.1);
  assert.equal(b.bestAsk(), 83693.9);
  assert.equal(b.bestBidStr(), '83691.1');
  assert.equal(b.bestAskStr(), '83693.90');
  assert.deepEqual(b.top(10), {
    bids: [['83691.1', '0.00020'], ['83690.00', '2.00000'], ['83650.5', '0.3']],
    asks: [['83693.90', '0.00238'], ['83694.0', '0.10000'], ['83701.25', '1.5']],
  });
});

test('snapshot in any order, with duplicates (later wins) and zero sizes', () => {
  const b = new OrderBook();
  b.applySnapshot(['1', '1', '3', '3', '2', '2', '3', '4', '5', '0'], ['9', '1', '7', '1', '7', '0', '8', '2']);
  assert.deepEqual(b.top(10), {
    bids: [['3', '4'], ['2', '2'], ['1', '1']],
    asks: [['8', '2'], ['9', '1']],
  });
});

test('snapshot replaces the previous book', () => {
  const b = snap();
  b.applySnapshot(['10', '1'], []);
  assert.deepEqual(b.top(5), { bids: [['10', '1']], asks: [] });
});

test('delta: insert, replace, delete with any zero', () => {
  const b = snap();
  b.applyDelta(['83692.0', '1.0', '83690.00', '5.5'], ['83693.90', '0.00', '83694.0', '0e0']);
  b.applyDelta(['83650.5', '-0'], ['83701.25', '0.0000']);
  assert.deepEqual(b.top(10), {
    bids: [['83692.0', '1.0'], ['83691.1', '0.00020'], ['83690.00', '5.5']],
    asks: [],
  });
  assert.equal(b.bestAsk(), NaN);
  assert.equal(b.bestAskStr(), null);
});

test('delta: the same price written differently is one level, keeping the latest string', () => {
  const b = snap();
  b.applyDelta(['83691.10', '7'], []);
  assert.equal(b.bidCount, 3);
  assert.equal(b.bestBidStr(), '83691.10');
});

test('delete of a missing level is a no-op', () => {
  const b = snap();
  assert.equal(b.applyDelta(['1', '0'], ['99999', '0.0']), 0);
  assert.equal(b.bidCount, 3);
  assert.equal(b.askCount, 3);
});

test('odd numbers are ignored and counted, never stored', () => {
  const b = snap();
  const ignored = b.applyDelta(
    ['NaN', '1', '0', '1', '-5', '1', 'abc', '1', 'Infinity', '1', ' 7', '1', '7', '1\n', '8', 'NaN', '9', '-1'],
    ['', '1'],
  );
  assert.equal(ignored, 10);
  assert.equal(b.bidCount, 3);
  assert.equal(b.applySnapshot(['NaN', '1', '5', '1'], ['x', 'y']), 2);
  assert.deepEqual(b.top(5), { bids: [['5', '1']], asks: [] });
});

test('empty book', () => {
  const b = new OrderBook();
  assert.equal(b.bestBid(), NaN);
  assert.equal(b.bestBidStr(), null);
  assert.deepEqual(b.top(5), { bids: [], asks: [] });
  assert.equal(b.writeLevelsJson('bids', 5), '[]');
});

test('top-N cut and writeLevelsJson match JSON.stringify of top()', () => {
  const b = snap();
  assert.deepEqual(b.top(2).bids, [['83691.1', '0.00020'], ['83690.00', '2.00000']]);
  assert.deepEqual(b.top(0), { bids: [], asks: [] });
  for (const d of [0, 1, 2, 3, 50]) {
    const t = b.top(d);
    assert.equal(b.writeLevelsJson('bids', d), JSON.stringify(t.bids));
    assert.equal(b.writeLevelsJson('asks', d), JSON.stringify(t.asks));
    assert.equal(bytesOf(b, 'bids', d), JSON.stringify(t.bids));
    assert.equal(bytesOf(b, 'asks', d), JSON.stringify(t.asks));
  }
});

test('writeLevelsBytes says when the buffer is too short, and encodes what is not ASCII as UTF-8', () => {
  const b = snap();
  const json = JSON.stringify(b.top(3).bids);
  assert.equal(bytesOf(b, 'bids', 3, 3 + 10), null, 'too short for the levels');
  assert.equal(bytesOf(b, 'bids', 3), json, 'built (it asks for room for the longest encoding)');
  assert.equal(bytesOf(b, 'bids', 3, 3 + json.length), json, 'exactly enough: the reused bytes');
  assert.equal(bytesOf(b, 'bids', 3, 3 + json.length - 1), null, 'the reused bytes do not fit either');
  assert.equal(bytesOf(new OrderBook(), 'bids', 3, 3 + 1), null, 'no room for []');
  assert.equal(bytesOf(new OrderBook(), 'bids', 3, 3 + 2), '[]');
  // Number() takes these (no-break space and BOM are whitespace to it): stored, and written as the venue sent them.
  const odd = new OrderBook();
  odd.applySnapshot(['\u00a0101', '1\ufeff', '100', '2'], []);
  assert.equal(odd.bidCount, 2);
  assert.equal(bytesOf(odd, 'bids', 5), JSON.stringify(odd.top(5).bids));
  assert.equal(bytesOf(odd, 'bids', 5), odd.writeLevelsJson('bids', 5));
  // Levels longer than the level bytes hold, beside short ones, and one shortened again.
  const long = new OrderBook();
  long.applySnapshot(['101', `0.${'1'.repeat(60)}`, '100', '2', '99', '3'], []);
  assert.equal(bytesOf(long, 'bids', 5), JSON.stringify(long.top(5).bids));
  long.applyDelta(['101', '4', '100', `1.${'0'.repeat(50)}`], []);
  assert.equal(bytesOf(long, 'bids', 5), JSON.stringify(long.top(5).bids));
});

test('clear', () => {
  const b = snap();
  b.clear();
  assert.equal(b.bidCount + b.askCount, 0);
});

// A deterministic PRNG so a failure reproduces.
function rng(seed: number) {
  return () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

test('random operations agree with a naive Map model, in top() and in the written JSON', () => {
  const r = rng(42);
  const b = new OrderBook();
  const model = { bids: new Map<number, [string, string]>(), asks: new Map<number, [string, string]>() };
  const price = () => {
    const cents = 1000 + Math.floor(r() * 400);
    // Sometimes write the same price with a trailing zero to test string replacement.
    return r() < 0.2 ? (cents / 10).toFixed(2) : (cents / 10).toFixed(1);
  };
  const size = () => (r() < 0.3 ? ['0', '0.0000', '0.00'][Math.floor(r() * 3)]! : (r() * 5 + 0.001).toFixed(4));
  const levels = (n: number) => Array.from({ length: n }, () => [price(), size()]).flat();
  const applyModel = (m: Map<number, [string, string]>, flat: string[], reset: boolean) => {
    if (reset) m.clear();
    for (let i = 0; i < flat.length; i += 2) {
      if (+flat[i + 1]! === 0) m.delete(+flat[i]!);
      else m.set(+flat[i]!, [flat[i]!, flat[i + 1]!]);
    }
  };
  const bestFirst = (flat: string[], desc: boolean) => {
    const m = new Map<number, [string, string]>();
    for (let i = 0; i < flat.length; i += 2) m.set(+flat[i]!, [flat[i]!, flat[i + 1]!]);
    return [...m.entries()].sort((a, c) => (desc ? c[0] - a[0] : a[0] - c[0])).flatMap((e) => e[1]);
  };
  const sorted = (m: Map<number, [string, string]>, desc: boolean) =>
    [...m.entries()].sort((a, c) => (desc ? c[0] - a[0] : a[0] - c[0])).map((e) => e[1]);
  for (let op = 0; op < 3000; op++) {
    const snapshot = r() < 0.02;
    let bids = levels(snapshot ? 200 : Math.floor(r() * 8));
    let asks = levels(snapshot ? 200 : Math.floor(r() * 8));
    if (snapshot && r() < 0.5) { // the venue's usual shape: unique prices, best first
      bids = bestFirst(bids, true);
      asks = bestFirst(asks, false);
    }
    if (snapshot) b.applySnapshot(bids, asks); else b.applyDelta(bids, asks);
    applyModel(model.bids, bids, snapshot);
    applyModel(model.asks, asks, snapshot);
    const mb = sorted(model.bids, true);
    const ma = sorted(model.asks, false);
    assert.equal(b.bidCount, mb.length);
    assert.equal(b.askCount, ma.length);
    assert.equal(b.bestBidStr(), mb[0]?.[0] ?? null);
    assert.equal(b.bestAskStr(), ma[0]?.[0] ?? null);
    if (op % 50 === 0) assert.deepEqual(b.top(1000), { bids: mb, asks: ma }, `op ${op}`);
    // Every op: the written JSON (levels cached between writes) follows updates, deletes and reused slots.
    const depth = 1 + Math.floor(r() * 30);
    assert.equal(b.writeLevelsJson('bids', depth), JSON.stringify(mb.slice(0, depth)), `op ${op} bids json`);
    assert.equal(b.writeLevelsJson('asks', depth), JSON.stringify(ma.slice(0, depth)), `op ${op} asks json`);
    // And at one fixed depth, where an unchanged side's last JSON is reused.
    assert.equal(b.writeLevelsJson('bids', 12), JSON.stringify(mb.slice(0, 12)), `op ${op} bids json @12`);
    assert.equal(b.writeLevelsJson('asks', 12), JSON.stringify(ma.slice(0, 12)), `op ${op} asks json @12`);
    // The same as bytes, at a depth of their own (so their reuse is tested apart from the string's).
    assert.equal(bytesOf(b, 'bids', 7), JSON.stringify(mb.slice(0, 7)), `op ${op} bids bytes @7`);
    assert.equal(bytesOf(b, 'asks', 7), JSON.stringify(ma.slice(0, 7)), `op ${op} asks bytes @7`);
    if (op % 7 === 0) assert.equal(bytesOf(b, 'asks', depth), JSON.stringify(ma.slice(0, depth)), `op ${op} asks bytes`);
  }
});

test('toNumber equals Number() on plain decimals and odd spellings, NaN when not JSON-safe', () => {
  const r = rng(3);
  const odd = ['0', '-0', '00.10', '.5', '5.', '1e3', '0x10', 'Infinity', 'NaN', '1.2.3', '123456789012345',
    '1234567890123456', '12345678901234.5', '0.00000000000001', '0.000000000000001', '9007199254740993'];
  for (const s of odd) assert.ok(Object.is(toNumber(s), Number(s)), s);
  for (const s of ['', ' 1', '1 ', '\n1', '1\t']) assert.ok(Number.isNaN(toNumber(s)), JSON.stringify(s));
  for (let i = 0; i < 20000; i++) {
    const digits = 1 + Math.floor(r() * 15);
    let s = '';
    for (let k = 0; k < digits; k++) s += Math.floor(r() * 10);
    const dot = Math.floor(r() * (digits + 1));
    if (dot > 0 && dot < digits) s = s.slice(0, dot) + '.' + s.slice(dot);
    assert.ok(Object.is(toNumber(s), Number(s)), s);
  }
});

test('the written JSON follows a change at the last level in view, and only that depth is reused', () => {
  const b = new OrderBook();
  const bids = Array.from({ length: 20 }, (_, i) => [`${100 - i}`, '1']).flat(); // 100 best … 81
  b.applySnapshot(bids, []);
  const view = (d: number) => {
    const text = b.writeLevelsJson('bids', d);
    assert.equal(bytesOf(b, 'bids', d), text);
    return JSON.parse(text) as [string, string][];
  };
  assert.equal(view(5).length, 5);
  b.applyDelta(['96', '7'], []); // rank 4: the last level of a depth-5 view
  assert.deepEqual(view(5)[4], ['96', '7']);
  b.applyDelta(['96', '0'], []); // removed at rank 4: 95 moves into view
  assert.deepEqual(view(5)[4], ['95', '1']);
  b.applyDelta(['95.5', '3'], []); // inserted at rank 4
  assert.deepEqual(view(5)[4], ['95.5', '3']);
  b.applyDelta(['94', '9'], []); // rank 6: out of a depth-5 view, in a depth-8 one
  assert.deepEqual(view(5)[4], ['95.5', '3']);
  assert.deepEqual(view(8)[6], ['94', '9']);
  assert.deepEqual(view(5).map((l) => l[0]), ['100', '99', '98', '97', '95.5']);
});

test('rebuilt bytes (unchanged runs copied, changed levels written) follow every change, and survive a buffer too short', () => {
  const r = rng(7);
  const b = new OrderBook();
  const level = (i: number) => [(1000 - i).toFixed(1), (1 + r() * 9).toFixed(r() < 0.5 ? 3 : 5)];
  b.applySnapshot(Array.from({ length: 200 }, (_, i) => level(i)).flat(), []);
  const out = new Uint8Array(64 * 1024).fill(0x78); // garbage around what is written
  for (let op = 0; op < 2000; op++) {
    const changes = Math.floor(r() * 4);
    for (let c = 0; c < changes; c++) {
      const i = Math.floor(r() ** 2 * 80);
      const x = r();
      if (x < 0.2) b.applyDelta([(1000 - i).toFixed(1), '0'], []); // delete
      else if (x < 0.4) b.applyDelta([(1000 - i - 0.05).toFixed(2), '1.5'], []); // insert between
      else b.applyDelta(level(i), []); // resize (or re-insert)
    }
    const depth = op % 50 === 0 ? 1 + Math.floor(r() * 100) : 50;
    const want = JSON.stringify(b.top(depth).bids);
    const at = 1 + (op % 13);
    const end = b.writeLevelsBytes('bids', depth, out, at);
    assert.equal(Buffer.from(out.subarray(at, end)).toString('utf8'), want, `op ${op}`);
    if (op % 89 === 0) { // too short for it: refused, and the next full write is still right
      const small = new Uint8Array(want.length - 1);
      assert.equal(b.writeLevelsBytes('bids', depth + 1, small, 0), -1);
      b.applyDelta(level(3), []);
      const again = b.writeLevelsBytes('bids', depth, out, 0);
      assert.equal(Buffer.from(out.subarray(0, again)).toString('utf8'), JSON.stringify(b.top(depth).bids), `op ${op} after a short buffer`);
    }
  }
});
