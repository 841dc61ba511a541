import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseLighterFrame, parseLighterFrameReference, MAX_LEVELS_PER_FRAME,
} from '../src/lighter/parse';
import type { LighterFrame } from '../src/lighter/frames';
import * as fx from './fixtures/lighter-frames';

const parsers = { fast: parseLighterFrame, reference: parseLighterFrameReference };

function book(f: LighterFrame) {
  assert.equal(f.type, 'book', JSON.stringify(f));
  return (f as Extract<LighterFrame, { type: 'book' }>).event;
}

for (const [name, parse] of Object.entries(parsers)) {
  test(`${name}: snapshot → snapshot event with exact strings`, () => {
    const ev = book(parse(fx.snapshotBtc, 5));
    assert.deepEqual(ev, {
      kind: 'snapshot', market: 1, seq: 100, prevSeq: 0, exchangeTs: 1791365635786, receivedTs: 5,
      bids: ['83691.1', '0.00020', '83690.00', '2.00000', '83650.5', '0.3'],
      asks: ['83693.9', '0.00238', '83694.0', '0.10000', '83701.25', '1.5'],
      bidKeys: [83691.1, 83690, 83650.5],
      askKeys: [83693.9, 83694, 83701.25],
    });
  });

  test(`${name}: update and delete → delta events`, () => {
    const up = book(parse(fx.updateBtc, 6));
    assert.deepEqual([up.kind, up.market, up.seq, up.prevSeq], ['delta', 1, 105, 100]);
    assert.deepEqual(up.bids, ['83690.00', '1.00000']);
    const del = book(parse(fx.deleteBtc, 7));
    assert.deepEqual(del.asks, ['83693.9', '0.0000']);
    assert.deepEqual(del.bids, ['83650.5', '0']);
    // The keys: the price as a number, negated for a zero size (a delete).
    assert.deepEqual([up.bidKeys, up.askKeys], [[83690], [83693.5]]);
    assert.deepEqual([del.bidKeys, del.askKeys], [[-83650.5], [-83693.9]]);
  });

  test(`${name}: gap pair parses; continuity is visible in seq/prevSeq`, () => {
    const a = book(parse(fx.gapFirst, 1));
    const b = book(parse(fx.gapSecond, 2));
    assert.equal(a.seq, 110);
    assert.notEqual(b.prevSeq, a.seq);
  });

  test(`${name}: snapshot without begin_nonce → prevSeq -1`, () => {
    const ev = book(parse(fx.snapshotEthNoBegin, 1));
    assert.equal(ev.market, 0);
    assert.equal(ev.prevSeq, -1);
  });

  test(`${name}: control frames`, () => {
    assert.deepEqual(parse(fx.connected, 0), { type: 'connected' });
    assert.deepEqual(parse(fx.ping, 0), { type: 'ping' });
    assert.deepEqual(parse(fx.pong, 0), { type: 'pong' });
    assert.deepEqual(parse(fx.error, 0), { type: 'error', code: '30003', message: 'Invalid Channel' });
    // Both shapes the venue sends errors in; the code kept, the market read from the channel in the text.
    assert.deepEqual(parse('{"error":{"code":30003,"message":"Already Subscribed: order_book/7"}}', 0),
      { type: 'error', code: '30003', message: 'Already Subscribed: order_book/7', market: 7 });
    assert.deepEqual(parse('{"type":"error","error":{"code":30010,"message":"Too Many Requests"}}', 0),
      { type: 'error', code: '30010', message: 'Too Many Requests' });
    assert.deepEqual(parse(fx.unknownType, 0), { type: 'unknown', name: 'subscribed/trade' });
  });

  const bad: Record<string, string> = {
    'not JSON': 'hello',
    'empty': '',
    'truncated': fx.snapshotBtc.slice(0, fx.snapshotBtc.length - 20),
    'array': '[1,2]',
    'no type': '{"channel":"order_book:1"}',
    'type not string': '{"type":5}',
    'no channel': fx.updateBtc.replace('"channel":"order_book:1",', ''),
    'channel without id': fx.updateBtc.replace('order_book:1', 'order_book:'),
    'channel wrong name': fx.updateBtc.replace('order_book:1', 'trade:1'),
    'channel negative id': fx.updateBtc.replace('order_book:1', 'order_book:-1'),
    'no order_book': '{"type":"update/order_book","channel":"order_book:1","timestamp":1}',
    'order_book array': '{"type":"update/order_book","channel":"order_book:1","order_book":[]}',
    'nonce string': fx.updateBtc.replace('"nonce":105', '"nonce":"105"'),
    'nonce float': fx.updateBtc.replace('"nonce":105', '"nonce":105.5'),
    'nonce negative': fx.updateBtc.replace('"nonce":105', '"nonce":-3'),
    'no nonce': fx.updateBtc.replace('"nonce":105,', ''),
    'delta without begin_nonce': fx.updateBtc.replace(',"begin_nonce":100', ''),
    'begin_nonce null': fx.updateBtc.replace('"begin_nonce":100', '"begin_nonce":null'),
    'timestamp string': fx.updateBtc.replace('"timestamp":1791365635836', '"timestamp":"1791365635836"'),
    'snapshot without bids': fx.snapshotEthNoBegin.replace(',"bids":[{"price":"3120.10","size":"0.0150"}]', ''),
    'bids object': fx.updateBtc.replace('"bids":[{"price":"83690.00","size":"1.00000"}]', '"bids":{}'),
    'level null': fx.updateBtc.replace('[{"price":"83690.00","size":"1.00000"}]', '[null]'),
    'level array': fx.updateBtc.replace('[{"price":"83690.00","size":"1.00000"}]', '[["83690.00","1.0"]]'),
    'price number': fx.updateBtc.replace('"price":"83690.00"', '"price":83690.00'),
    'size number': fx.updateBtc.replace('"size":"1.00000"', '"size":1'),
    'price missing': fx.updateBtc.replace('"price":"83690.00",', ''),
    'price NaN': fx.updateBtc.replace('"price":"83690.00"', '"price":"NaN"'),
    'price Infinity': fx.updateBtc.replace('"price":"83690.00"', '"price":"Infinity"'),
    'price negative': fx.updateBtc.replace('"price":"83690.00"', '"price":"-83690.00"'),
    'price zero': fx.updateBtc.replace('"price":"83690.00"', '"price":"0.00"'),
    'price empty': fx.updateBtc.replace('"price":"83690.00"', '"price":""'),
    'price hex': fx.updateBtc.replace('"price":"83690.00"', '"price":"0x10"'),
    'price spaces': fx.updateBtc.replace('"price":"83690.00"', '"price":" 83690"'),
    'price overflow': fx.updateBtc.replace('"price":"83690.00"', '"price":"1e999"'),
    'size negative': fx.updateBtc.replace('"size":"1.00000"', '"size":"-1"'),
    'size garbage': fx.updateBtc.replace('"size":"1.00000"', '"size":"1.0.0"'),
    'size trailing dot': fx.updateBtc.replace('"size":"1.00000"', '"size":"1."'),
    'size 1 MB': fx.updateBtc.replace('"size":"1.00000"', `"size":"${'1'.repeat(1 << 20)}"`),
    'huge level count': fx.updateBtc.replace('[{"price":"83690.00","size":"1.00000"}]',
      `[${Array(MAX_LEVELS_PER_FRAME + 1).fill('{"price":"1","size":"1"}').join(',')}]`),
  };
  for (const [what, text] of Object.entries(bad)) {
    test(`${name}: invalid: ${what}`, () => {
      const f = parse(text, 0);
      assert.equal(f.type, 'invalid', `${what} → ${JSON.stringify(f).slice(0, 200)}`);
    });
  }

  test(`${name}: 1 MB of garbage is refused`, () => {
    assert.equal(parse('{"type":"update/order_book",' + 'x'.repeat(1 << 20), 0).type, 'invalid');
  });

  test(`${name}: tolerates extra fields, any key order, whitespace, escapes, exponent numbers`, () => {
    const text = ` { "order_book" : { "bids" : [ { "extra" : {"a":[1,{"b":null}]}, "size" : "1\\u002e5", "price" : "10" } ],
      "begin_nonce" : 1e0 , "asks" : [ ] , "nonce" : 2.0E0 , "deep": [[[]]] } ,
      "timestamp" : 1.791e12 , "ty\\u0070e" : "update\\/order_book" , "channel" : "order_book:12", "flag": true }`;
    const ev = book(parse(text, 3));
    assert.deepEqual(ev, {
      kind: 'delta', market: 12, seq: 2, prevSeq: 1, exchangeTs: 1.791e12, receivedTs: 3,
      bids: ['10', '1.5'], asks: [], bidKeys: [10], askKeys: [],
    });
  });
}
