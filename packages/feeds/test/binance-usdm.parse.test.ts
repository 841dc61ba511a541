// The Binance USD-M parser and market list on the docs' own examples, and on malformed input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBinanceFrame, parseDepthSnapshot, type BinanceDepthEvent } from '../src/binance-usdm/parse';
import { parseExchangeInfo } from '../src/binance-usdm/markets';
import { createBinanceRequests, streamName } from '../src/binance-usdm/messages';
import { createMarketIds } from '../src/shared/market-ids';
import * as fx from './fixtures/binance-usdm-frames';
import { binanceUsdm } from '../src/index';

const ids = createMarketIds();
const BTC = ids.assign('BTCUSDT');
const ctx = { find: ids.find, settle: (_id: number) => undefined };

test('the docs depthUpdate becomes a delta with U, u and pu, exact strings and level keys', () => {
  for (const text of [fx.depthUpdateDocs, fx.depthUpdateCombined]) {
    const f = parseBinanceFrame(text, 42, ctx);
    assert.equal(f.type, 'book');
    const ev = (f as { event: BinanceDepthEvent }).event;
    assert.deepEqual(
      { kind: ev.kind, market: ev.market, firstSeq: ev.firstSeq, seq: ev.seq, prevSeq: ev.prevSeq, ts: ev.exchangeTs, rx: ev.receivedTs },
      { kind: 'delta', market: BTC, firstSeq: 157, seq: 160, prevSeq: 149, ts: 123456789, rx: 42 },
    );
    assert.deepEqual(ev.bids, ['0.0024', '10']);
    assert.deepEqual(ev.asks, ['0.0026', '100']);
    assert.deepEqual(ev.bidKeys, [0.0024]);
  }
});

test('a zero quantity is a delete key; unknown fields are ignored', () => {
  const text = fx.depthUpdateDocs.replace('"10"]]', '"0.000"]]').replace('"e":', '"x-new":{"a":1},"e":');
  const f = parseBinanceFrame(text, 0, ctx);
  assert.equal(f.type, 'book');
  assert.deepEqual((f as { event: BinanceDepthEvent }).event.bidKeys, [-0.0024]);
});

test('answers: ack names the markets of the request id, errors carry the code', () => {
  const req = createBinanceRequests(2);
  const msgs = req.subscribe([{ id: BTC, symbol: 'BTCUSDT' }, { id: 7, symbol: 'ETHUSDT' }, { id: 8, symbol: 'SOLUSDT' }]);
  assert.equal(msgs.length, 2, 'two streams per message');
  assert.deepEqual(JSON.parse(msgs[0]!), { method: 'SUBSCRIBE', params: ['btcusdt@depth@100ms', 'ethusdt@depth@100ms'], id: 1 });
  const rctx = { find: ids.find, settle: req.settle };
  assert.deepEqual(parseBinanceFrame(fx.subscribeAck, 0, rctx), { type: 'ack', markets: [BTC, 7] });
  assert.deepEqual(parseBinanceFrame(fx.subscribeAck, 0, rctx), { type: 'ack', markets: [] }, 'settled once');
  assert.deepEqual(parseBinanceFrame(fx.errorTooManyParams.replace('"id":1', '"id":2'), 0, rctx),
    { type: 'error', code: '2', message: 'Invalid request: too many parameters', market: 8 });
  assert.deepEqual(parseBinanceFrame(fx.errorInvalidJson, 0, rctx).type, 'error');
  assert.equal(streamName('币安人生USDT'), '币安人生usdt@depth@100ms');
});

test('other events are unknown, unlisted symbols are not books', () => {
  assert.deepEqual(parseBinanceFrame(fx.aggTrade, 0, ctx), { type: 'unknown', name: 'aggTrade' });
  assert.equal(parseBinanceFrame(fx.depthUpdateDocs.replace('BTCUSDT', 'XYZUSDT'), 0, ctx).type, 'unknown');
});

test('the answer to our ping (GET_PROPERTY with id 0) is a pong, never an ack', () => {
  const req = createBinanceRequests();
  const rctx = { find: ids.find, settle: req.settle };
  assert.deepEqual(JSON.parse(binanceUsdm.PING), { method: 'GET_PROPERTY', params: ['combined'], id: 0 });
  assert.deepEqual(parseBinanceFrame('{"result":false,"id":0}', 0, rctx), { type: 'pong' });
  assert.equal(JSON.parse(req.subscribe([{ id: 1, symbol: 'BTCUSDT' }])[0]!).id, 1, 'subscribes count from 1');
});

test('malformed frames are invalid, never thrown', () => {
  const bad = [
    '', 'not json', '[1,2]', '{"e":42}', '{}',
    fx.depthUpdateDocs.replace('"U":157', '"U":"157"'),
    fx.depthUpdateDocs.replace('"u":160', '"u":100'), // U > u
    fx.depthUpdateDocs.replace('"pu":149', '"pu":1.5'),
    fx.depthUpdateDocs.replace('["0.0024","10"]', '["0.0024",10]'),
    fx.depthUpdateDocs.replace('["0.0024","10"]', '["-1","10"]'),
    fx.depthUpdateDocs.replace('["0.0024","10"]', '["0","10"]'),
    fx.depthUpdateDocs.replace('["0.0024","10"]', '["0x10","10"]'),
    fx.depthUpdateDocs.replace('"b":[["0.0024","10"]]', '"b":{"0.0024":"10"}'),
    fx.depthUpdateDocs.replace('"s":"BTCUSDT"', '"s":1'),
    fx.depthUpdateDocs.replace('"E":123456789', '"E":"soon"'),
  ];
  for (const text of bad) assert.equal(parseBinanceFrame(text, 0, ctx).type, 'invalid', text);
});

test('the docs REST depth body becomes a snapshot at lastUpdateId; bad bodies name the fault', () => {
  const ev = parseDepthSnapshot(fx.depthSnapshotDocs, BTC, 5);
  assert.ok(typeof ev !== 'string');
  assert.deepEqual([ev.kind, ev.seq, ev.prevSeq, ev.exchangeTs], ['snapshot', 1027024, -1, 1589436922972]);
  assert.deepEqual(ev.asks, ['4.00000200', '12.00000000']);
  assert.equal(parseDepthSnapshot({ ...fx.depthSnapshotDocs, lastUpdateId: -1 }, BTC, 5), 'bad lastUpdateId');
  assert.equal(parseDepthSnapshot({ ...fx.depthSnapshotDocs, bids: [['1']] }, BTC, 5), 'bad level');
  assert.equal(parseDepthSnapshot('{}', BTC, 5), 'body is not an object');
});

test('exchangeInfo: TRADING perpetuals only, decimals from the filters, ids stable across refreshes', () => {
  const reg = createMarketIds();
  const sym = (over: object) => ({ ...fx.exchangeInfoSymbol, ...over });
  const body = { symbols: [
    sym({ symbol: 'ZECUSDT', baseAsset: 'ZEC' }), fx.exchangeInfoSymbol,
    sym({ symbol: 'BTCUSDT_260626', contractType: 'CURRENT_QUARTER' }), sym({ symbol: 'OLDUSDT', status: 'SETTLING' }),
    sym({ symbol: 'bad symbol!' }), sym({ symbol: 'NOBASE', baseAsset: 7 }), 'junk', sym({ symbol: 'ZECUSDT', baseAsset: 'ZEC' }),
  ] };
  const first = parseExchangeInfo(body, reg);
  assert.deepEqual(first.markets.map((m) => [m.id, m.symbol]), [[0, 'DOGEUSDT'], [1, 'ZECUSDT']], 'ids in name order');
  assert.deepEqual(first.markets[0], {
    id: 0, symbol: 'DOGEUSDT', instrument: { base: 'DOGE', quote: 'USDT', kind: 'perp' }, priceDecimals: 4, sizeDecimals: 0,
  });
  assert.equal(first.skipped.length, 4, first.skipped.join('; '));
  const second = parseExchangeInfo({ symbols: [sym({ symbol: 'AAAUSDT', baseAsset: 'AAA' }), sym({ symbol: 'ZECUSDT', baseAsset: 'ZEC' })] }, reg);
  assert.deepEqual(second.markets.map((m) => [m.id, m.symbol]), [[1, 'ZECUSDT'], [2, 'AAAUSDT']], 'known ids kept, new ones appended');
  assert.throws(() => parseExchangeInfo({ symbols: 'x' }, reg), /symbols is not an array/);
  assert.throws(() => parseExchangeInfo(null, reg), /not an object/);
});
