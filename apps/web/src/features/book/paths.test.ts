import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backTo, bookPath, overviewState } from './paths';

test('book paths escape the venue and symbol', () => {
  assert.equal(bookPath('okx', 'BTC-USD_UM-SWAP'), '/venues/okx/markets/BTC-USD_UM-SWAP');
  assert.equal(bookPath('x', 'A/B'), '/venues/x/markets/A%2FB');
});

test('back to the overview as it was left, and only to the overview', () => {
  assert.equal(backTo(overviewState('?venue=okx')), '/?venue=okx');
  assert.equal(backTo(overviewState('')), '/');
  assert.equal(backTo(null), '/');
  assert.equal(backTo({ back: 'https://evil.example/' }), '/');
  assert.equal(backTo({ back: '//evil.example/' }), '/');
  assert.equal(backTo({ back: 42 }), '/');
});
