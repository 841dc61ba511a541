import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarketStats } from '@ob/protocol';
import { AGE_AMBER_MS, AGE_RED_MS, ageTone, filterRows, sortRows, toRow } from './rows';

const m = (symbol: string, over: Partial<MarketStats> = {}): MarketStats => ({
  venue: 'lighter', market: 1, symbol, instrument: `${symbol}-USDC-PERP`, valid: true, messages: 0, writes: 0, msgRate: 0, writeRate: 0, lastUpdateTs: 1000, lastWriteTs: 0,
  seq: 0, bestBid: '99.5', bestAsk: '100.5', bidLevels: 10, askLevels: 12, gaps: 0, depth: 50,
  crossed: false, crossedWrites: 0, noBookSince: 0, everValid: true, confirmedTs: 0, ...over,
});

test('derives spread, bps, levels and age from the server clock', () => {
  const r = toRow(m('BTC'), 4000);
  assert.equal(r.spread, 1);
  assert.equal(r.spreadBps, 100);
  assert.equal(r.levels, 22);
  assert.equal(r.age, 3000);
  const empty = toRow(m('X', { bestAsk: null, lastUpdateTs: 0 }), 4000);
  assert.equal(empty.spread, null);
  assert.equal(empty.age, null);
});

test('age turns amber then red at the named thresholds', () => {
  assert.equal(ageTone(AGE_AMBER_MS - 1), 'ok');
  assert.equal(ageTone(AGE_AMBER_MS), 'warn');
  assert.equal(ageTone(AGE_RED_MS), 'bad');
  assert.equal(ageTone(null), 'bad');
});

test('sorts numerically both ways, missing values last', () => {
  const rows = [m('A', { msgRate: 5 }), m('B', { msgRate: 50, bestBid: '98' }), m('C', { msgRate: 9, bestBid: null })].map((x) => toRow(x, 2000));
  assert.deepEqual(sortRows(rows, { key: 'msgRate', dir: 'desc' }).map((r) => r.symbol), ['B', 'C', 'A']);
  assert.deepEqual(sortRows(rows, { key: 'msgRate', dir: 'asc' }).map((r) => r.symbol), ['A', 'C', 'B']);
  assert.deepEqual(sortRows(rows, { key: 'bestBid', dir: 'asc' }).map((r) => r.symbol), ['B', 'A', 'C']);
  assert.deepEqual(sortRows(rows, { key: 'bestBid', dir: 'desc' }).map((r) => r.symbol), ['A', 'B', 'C']);
});

test('filters by symbol, case-insensitive', () => {
  const rows = [m('BTC'), m('ETH'), m('WBTC')].map((x) => toRow(x, 2000));
  assert.deepEqual(filterRows(rows, ' btc').map((r) => r.symbol), ['BTC', 'WBTC']);
  assert.equal(filterRows(rows, '').length, 3);
});

test('the venue filter keeps one venue\'s rows; the query matches symbols and instruments', () => {
  const rows = [toRow(m('BTC'), 0), toRow(m('BTCUSDT', { venue: 'binance-usdm', instrument: 'BTC-USDT-PERP' }), 0), toRow(m('ETH'), 0)];
  assert.deepEqual(filterRows(rows, '', 'binance-usdm').map((r) => r.symbol), ['BTCUSDT']);
  assert.deepEqual(filterRows(rows, 'btc-usd').map((r) => r.symbol), ['BTC', 'BTCUSDT']);
  assert.deepEqual(filterRows(rows, 'eth', 'binance-usdm'), []);
});
