import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BookSnapshot } from '@ob/protocol';
import { agreement, depthPoints, ladder, topOf } from './bookMath';

const book = (seq: number, bids: Array<[string, string]>, asks: Array<[string, string]>): BookSnapshot =>
  ({ venue: 'v', market: 1, symbol: 'BTC', seq, exchangeTs: 0, receivedTs: 0, writtenTs: 0, bids, asks });

const b1 = book(7, [['99.5', '1'], ['99', '3']], [['100.5', '2'], ['101', '6']]);

test('spread and mid from the best levels', () => {
  assert.deepEqual(topOf(b1), { bestBid: '99.5', bestAsk: '100.5', spread: 1, spreadBps: 100, mid: 100 });
  assert.equal(topOf(book(1, [], [['1', '1']])).spread, null);
});

test('ladder: asks highest first so the best ask sits on the spread; bars relative to the largest', () => {
  const { asks, bids } = ladder(b1, 10);
  assert.deepEqual(asks.map((r) => r.price), ['101', '100.5']);
  assert.deepEqual(bids.map((r) => r.price), ['99.5', '99']);
  assert.equal(asks[0]?.fill, 1);
  assert.equal(bids[0]?.fill, 1 / 6);
  assert.equal(ladder(b1, 1).asks.length, 1);
});

test('depth accumulates away from the touch, ascending by price', () => {
  assert.deepEqual(depthPoints(b1), [
    { price: 99, bid: 4 }, { price: 99.5, bid: 1 }, { price: 100.5, ask: 2 }, { price: 101, ask: 8 },
  ]);
});

test('Redis is compared with the in-memory book of the same seq', () => {
  const seen = new Map([[7, b1]]);
  const now = book(9, [['99.6', '1']], [['100.5', '2']]);
  assert.deepEqual(agreement(b1, seen, now), { state: 'match', seq: 7 });
  const wrong = book(7, [['99.5', '1.5']], b1.asks);
  assert.deepEqual(agreement(wrong, seen, now), { state: 'mismatch', seq: 7 });
  assert.deepEqual(agreement(book(5, [], []), seen, now), { state: 'behind', seq: 5, by: 4 });
  assert.deepEqual(agreement(book(12, [], []), seen, now), { state: 'ahead', seq: 12 });
  assert.deepEqual(agreement(null, seen, now), { state: 'missing' });
});

test('books cut at different depths still match on the levels both hold', () => {
  const deep = book(7, [...b1.bids, ['98', '1']], [...b1.asks, ['102', '1']]);
  assert.equal(agreement(deep, new Map([[7, b1]]), b1).state, 'match');
});
