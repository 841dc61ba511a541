import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InstrumentGroup } from '@ob/protocol';
import { crossView } from './crossMath';

const q = (venue: string, bid: string | null, ask: string | null, valid = true) => ({
  venue, symbol: `${venue}-BTC`, instrument: 'BTC-USDT-PERP', valid,
  bid: bid === null ? null : [bid, '1'] as [string, string], ask: ask === null ? null : [ask, '2'] as [string, string],
  lastUpdateTs: 1, msgRate: 1,
});
const group = (quotes: InstrumentGroup['quotes']): InstrumentGroup => ({ key: 'BTC-PERP', base: 'BTC', kind: 'PERP', quotes });

test('finds the best bid and ask across venues and how far each venue is from them', () => {
  const v = crossView(group([q('a', '100', '101'), q('b', '100.5', '102'), q('c', '99', '100.8')]));
  assert.deepEqual(v.bestBid, { venue: 'b', symbol: 'b-BTC', price: 100.5 });
  assert.deepEqual(v.bestAsk, { venue: 'c', symbol: 'c-BTC', price: 100.8 });
  assert.deepEqual(v.rows.map((r) => [r.venue, r.isBestBid, r.isBestAsk]), [['a', false, false], ['b', true, false], ['c', false, true]]);
  assert.ok(Math.abs(v.rows[0]!.bidOffBps! - (0.5 / 100.5) * 1e4) < 1e-9);
  assert.ok(v.crossSpreadBps! > 0);
  for (const r of v.rows) assert.ok(r.from >= 0 && r.to <= 1 && r.from <= r.to, 'ranges sit on the axis');
});

test('venues whose books cross give a negative cross-venue spread; invalid books never count as best', () => {
  const v = crossView(group([q('a', '101', '102'), q('b', '99', '100'), q('c', '200', '201', false)]));
  assert.equal(v.bestBid?.venue, 'a');
  assert.equal(v.bestAsk?.venue, 'b');
  assert.ok(v.crossSpreadBps! < 0);
  assert.equal(v.rows[2]!.isBestBid, false);
});

test('an empty or one-sided group gives no best and no spread', () => {
  assert.equal(crossView(null).crossSpreadBps, null);
  const v = crossView(group([q('a', null, '10')]));
  assert.equal(v.bestBid, null);
  assert.equal(v.rows[0]!.spreadBps, null);
});
