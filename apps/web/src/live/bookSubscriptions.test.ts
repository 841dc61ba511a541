import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BookSnapshot } from '@ob/protocol';
import { createBookSubscriptions } from './bookSubscriptions';

const book = (symbol: string, venue = 'v'): BookSnapshot => ({ venue, market: 1, symbol, seq: 1, exchangeTs: 0, receivedTs: 0, writtenTs: 0, bids: [], asks: [] });

test('first listener subscribes, last one unsubscribes, frames reach only their venue and symbol', () => {
  const subs = createBookSubscriptions();
  const got: string[] = [];
  const a = (b: BookSnapshot) => got.push(`a:${b.symbol}`);
  const b = (b: BookSnapshot) => got.push(`b:${b.symbol}`);
  assert.equal(subs.add('v', 'BTC', 20, a), true);
  assert.equal(subs.add('v', 'BTC', 20, b), false);
  subs.dispatch(book('BTC'));
  subs.dispatch(book('ETH'));
  subs.dispatch(book('BTC', 'other-venue'));
  assert.deepEqual(got, ['a:BTC', 'b:BTC']);
  assert.deepEqual(subs.entries(), [{ venue: 'v', symbol: 'BTC', depth: 20 }]);
  assert.equal(subs.remove('v', 'BTC', a), false);
  assert.equal(subs.remove('v', 'BTC', b), true);
  assert.deepEqual(subs.entries(), []);
});
