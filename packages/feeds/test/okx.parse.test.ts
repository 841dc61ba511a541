// The OKX parser, checksum and instrument list on the docs' own examples, and on malformed input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOkxFrame, type OkxBookEvent } from '../src/okx/parse';
import { checksumString, flatSide, okxChecksum } from '../src/okx/checksum';
import { parseInstruments } from '../src/okx/markets';
import { subscribeBooks } from '../src/okx/messages';
import { MAX_MESSAGE_BYTES } from '../src/okx/limits';
import { createMarketIds } from '../src/shared/market-ids';
import * as fx from './fixtures/okx-frames';

const ids = createMarketIds();
const BTC = ids.assign('BTC-USDT');
const ctx = { find: ids.find };
const book = (text: string) => {
  const f = parseOkxFrame(text, 7, ctx);
  assert.equal(f.type, 'book', JSON.stringify(f));
  return (f as { event: OkxBookEvent }).event;
};

test('the docs snapshot and update: seqId, prevSeqId, checksum, ts and the exact level strings', () => {
  const s = book(fx.booksSnapshotDocs);
  assert.deepEqual([s.kind, s.market, s.seq, s.prevSeq, s.checksum, s.exchangeTs, s.receivedTs],
    ['snapshot', BTC, 123456, -1, -855196043, 1597026383085, 7]);
  assert.deepEqual(s.asks.slice(0, 4), ['8476.98', '415', '8477', '7'], 'price and size only; the deprecated "0" and order count dropped');
  assert.equal(s.bids.length, 16);
  const u = book(fx.booksUpdateDocs);
  assert.deepEqual([u.kind, u.seq, u.prevSeq], ['delta', 123457, 123456]);
});

test('the checksum string and CRC of the docs examples, including the shorter side', () => {
  for (const c of [fx.checksumAligned, fx.checksumShortBids]) {
    const bids = flatSide(c.bids);
    const asks = flatSide(c.asks);
    assert.equal(checksumString(bids, asks), c.string);
    assert.equal(okxChecksum(bids, asks), c.crc);
  }
  // Only the top 25 of each side count.
  const deep = flatSide(Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? String(100 - i) : '1')));
  assert.equal(checksumString(deep, flatSide([])).split(':').length, 50);
});

test('events, keepalive and other channels', () => {
  assert.deepEqual(parseOkxFrame('pong', 0, ctx), { type: 'pong' });
  assert.deepEqual(parseOkxFrame(fx.subscribeAck, 0, ctx), { type: 'ack', markets: [BTC] });
  assert.deepEqual(parseOkxFrame(fx.subscribeError, 0, ctx).type, 'error');
  assert.equal((parseOkxFrame(fx.subscribeError, 0, ctx) as { code: string }).code, '60012');
  assert.deepEqual((parseOkxFrame(fx.notice, 0, ctx) as { code: string }).code, '64008');
  assert.deepEqual(parseOkxFrame('{"event":"channel-conn-count","channel":"books","connCount":"2","connId":"a"}', 0, ctx).type, 'unknown');
  assert.deepEqual(parseOkxFrame(fx.booksUpdateDocs.replace('"channel":"books"', '"channel":"books5"'), 0, ctx).type, 'unknown');
  assert.deepEqual(parseOkxFrame(fx.booksUpdateDocs.replace('BTC-USDT', 'XYZ-USDT'), 0, ctx).type, 'unknown');
});

test('an update may leave out a side; unknown fields are ignored', () => {
  const text = '{"arg":{"channel":"books","instId":"BTC-USDT","uid":"x"},"action":"update","extra":1,' +
    '"data":[{"bids":[["8476.97","0","0","0"]],"ts":"1","checksum":0,"prevSeqId":5,"seqId":9,"new":true}]}';
  const ev = book(text);
  assert.deepEqual(ev.asks, []);
  assert.deepEqual(ev.bidKeys, [-8476.97], 'zero size is a delete');
});

test('malformed frames are invalid, never thrown', () => {
  const bad = [
    '', 'PONG', '{', '[]', '{"arg":{}}',
    fx.booksUpdateDocs.replace('"action":"update"', '"action":"partial"'),
    fx.booksUpdateDocs.replace('"seqId":123457', '"seqId":"123457"'),
    fx.booksUpdateDocs.replace('"prevSeqId":123456', '"prevSeqId":-2'),
    fx.booksUpdateDocs.replace('"checksum":-855196043', '"checksum":4294967295'),
    fx.booksUpdateDocs.replace('"ts":"1597026383085"', '"ts":1597026383085'),
    fx.booksUpdateDocs.replace('["8477","7","0","2"]', '["8477",7,"0","2"]'),
    fx.booksUpdateDocs.replace('"data":[{', '"data":[{},{'),
    fx.booksSnapshotDocs.replace(/"bids":\[.*?\]\],/, ''),
  ];
  for (const text of bad) assert.equal(parseOkxFrame(text, 0, ctx).type, 'invalid', text);
});

test('subscribe messages batch instruments and stay under 64 KB', () => {
  const markets = Array.from({ length: 70 }, (_, i) => ({ id: i, symbol: `C${i}-USDT-SWAP` }));
  const msgs = subscribeBooks(markets);
  assert.equal(msgs.length, 3, '29 a message');
  assert.deepEqual(JSON.parse(msgs[0]!).args[0], { channel: 'books', instId: 'C0-USDT-SWAP' });
  const huge = subscribeBooks(Array.from({ length: 29 }, (_, i) => ({ id: i, symbol: `${'A'.repeat(4000)}${i}` })));
  for (const m of huge) assert.ok(m.length <= MAX_MESSAGE_BYTES, `${m.length}`);
});

test('instruments: live swaps only, base and quote from uly, ids stable', () => {
  const reg = createMarketIds();
  const inst = (over: object) => ({ ...fx.swapInstrument, ...over });
  const body = { code: '0', msg: '', data: [
    inst({ instId: 'ETH-USDT-SWAP', uly: 'ETH-USDT' }), fx.swapInstrument,
    inst({ instId: 'BTC-USD_UM-SWAP', uly: 'BTC-USD', instFamily: 'BTC-USD_UM', tickSz: '0.5' }),
    inst({ instId: 'NEW-USDT-SWAP', state: 'preopen' }), inst({ instId: 'OLD-USDT-SWAP', state: 'suspend' }),
    inst({ instId: 'lower-usdt-swap' }), inst({ instType: 'FUTURES', instId: 'BTC-USDT-261225' }),
  ] };
  const { markets, skipped } = parseInstruments(body, reg);
  assert.deepEqual(markets.map((m) => [m.id, m.symbol, m.instrument?.base, m.instrument?.quote]), [
    [0, 'BTC-USDT-SWAP', 'BTC', 'USDT'], [1, 'BTC-USD_UM-SWAP', 'BTC', 'USD'], [2, 'ETH-USDT-SWAP', 'ETH', 'USDT'],
  ], 'ids in name order (T sorts before _)');
  assert.deepEqual([markets[0]!.priceDecimals, markets[0]!.sizeDecimals, markets[1]!.priceDecimals], [1, 2, 1]);
  assert.deepEqual(skipped, ['#5: bad instId']);
  assert.throws(() => parseInstruments({ code: '50011', msg: 'Too Many Requests', data: [] }, reg), /code "50011"/);
  assert.throws(() => parseInstruments({ code: '0', data: {} }, reg), /data is not an array/);
});
