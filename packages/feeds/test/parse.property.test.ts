import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BookEvent } from '@ob/core';
import { OrderBook, levelKey } from '@ob/orderbook';
import { parseLighterFrame, parseLighterFrameReference } from '../src/lighter/parse';
import { genFrame, mutate, rng } from './frame-gen';

const CASES = 4000;

/** Each key is what the book would compute from its strings, one per level. */
function assertKeys(ev: BookEvent, where: string): void {
  for (const [flat, keys] of [[ev.bids, ev.bidKeys], [ev.asks, ev.askKeys]] as const) {
    assert.ok(keys, `no keys: ${where}`);
    assert.equal(keys.length * 2, flat.length, where);
    for (let i = 0; i < keys.length; i++) {
      const want = levelKey(flat[2 * i]!, flat[2 * i + 1]!);
      assert.ok(Object.is(keys[i], want), `${flat[2 * i]} ${flat[2 * i + 1]}: key ${keys[i]}, book says ${want}: ${where}`);
    }
  }
}

test('fast and reference parsers agree on generated frames, and build the same books', () => {
  const r = rng(7);
  const fastBooks = new Map<number, OrderBook>();
  const refBooks = new Map<number, OrderBook>();
  /** Fed the strings alone: must equal the books fed the keys. */
  const plainBooks = new Map<number, OrderBook>();
  const kinds = new Map<string, number>();
  for (let i = 0; i < CASES; i++) {
    const text = genFrame(r);
    const fast = parseLighterFrame(text, i);
    const ref = parseLighterFrameReference(text, i);
    assert.deepEqual(fast, ref, `case ${i}: ${text}`);
    kinds.set(fast.type, (kinds.get(fast.type) ?? 0) + 1);
    if (fast.type === 'book') assertKeys(fast.event, `case ${i}: ${text}`);
    for (const [frame, books, keyed] of [[fast, fastBooks, true], [ref, refBooks, true], [fast, plainBooks, false]] as const) {
      if (frame.type !== 'book') continue;
      const ev = frame.event;
      let b = books.get(ev.market);
      if (!b) books.set(ev.market, (b = new OrderBook()));
      const [bk, ak] = keyed ? [ev.bidKeys, ev.askKeys] : [];
      if (ev.kind === 'snapshot') b.applySnapshot(ev.bids, ev.asks, bk, ak);
      else b.applyDelta(ev.bids, ev.asks, bk, ak);
    }
  }
  assert.equal(fastBooks.size, refBooks.size);
  for (const [m, b] of fastBooks) {
    assert.deepEqual(b.top(1000), refBooks.get(m)!.top(1000), `market ${m}`);
    assert.deepEqual(b.top(1000), plainBooks.get(m)!.top(1000), `market ${m}, keys vs strings`);
  }
  // The generator must reach every outcome, or the comparison proves little.
  for (const k of ['book', 'invalid', 'ping', 'pong', 'connected', 'error', 'unknown']) {
    assert.ok((kinds.get(k) ?? 0) > 0, `no ${k} frame generated: ${JSON.stringify([...kinds])}`);
  }
  assert.ok(kinds.get('book')! > CASES / 2);
});

test('fast and reference parsers agree on damaged frames', () => {
  const r = rng(11);
  let invalid = 0;
  for (let i = 0; i < CASES; i++) {
    let text = genFrame(r);
    for (let k = 1 + Math.floor(r() * 2); k > 0; k--) text = mutate(r, text);
    const fast = parseLighterFrame(text, 0);
    assert.deepEqual(fast, parseLighterFrameReference(text, 0), `case ${i}: ${text}`);
    if (fast.type === 'invalid') invalid++;
  }
  assert.ok(invalid > CASES / 4, `only ${invalid} invalid`);
});

// JSON spellings at the edge of the grammar, valid and not. Each is placed where the fast
// parser skips a value, and where it reads a number, so both paths must agree with JSON.parse.
const EDGE_VALUES = [
  '0', '-0', '01', '-01', '00', '1.', '.5', '-', '+1', '1e', '1e+', '1E+2', '0.0e-0', '1.5e-3', '-1.0E5',
  '1e999', '123456789012345678', 'NaN', 'Infinity', 'tru', 'true', 'nul', 'null', 'falsey',
  '"a"', '"\u0001"', '"\t"', '"\\x"', '"\\u12"', '"\\u12G4"', '"\\uD800"', '"\\u0041"', '"\\/"', '"\\"', '"',
  '[]', '[1,]', '[,1]', '[1 2]', '[[[[]]]]', '{}', '{"a":1,}', '{"a"}', '{"a":}', '{1:2}', '{"a":1 "b":2}',
  '[' + '['.repeat(100) + ']'.repeat(100) + ']',
];

test('fast and reference parsers agree on JSON edge cases wherever they appear', () => {
  const base = '{"type":"update/order_book","channel":"order_book:3","timestamp":TS,' +
    '"order_book":{"x":OB,"asks":[{"price":"5.5","size":"1","y":LV}],"bids":[],"nonce":NONCE,"begin_nonce":1},"z":TOP}';
  const slots = ['TS', 'OB', 'LV', 'NONCE', 'TOP'];
  const fill = { TS: '1791365635786', OB: '0', LV: '0', NONCE: '2', TOP: '0' } as Record<string, string>;
  let checked = 0;
  for (const slot of slots) {
    for (const v of EDGE_VALUES) {
      const text = slots.reduce((t, s) => t.replace(s, s === slot ? v : fill[s]!), base);
      assert.deepEqual(parseLighterFrame(text, 0), parseLighterFrameReference(text, 0), text);
      const ping = `{"type":"ping","extra":${v}}`;
      assert.deepEqual(parseLighterFrame(ping, 0), parseLighterFrameReference(ping, 0), ping);
      checked++;
    }
  }
  assert.equal(checked, slots.length * EDGE_VALUES.length);
});

test('every one-character change to a canonical level gives the same result from both parsers', () => {
  // The fast path reads `{"price":"…","size":"…"}` by exact spelling; each byte of it must count.
  const level = '{"price":"83693.9","size":"0.00238"}';
  const frame = (lv: string) => '{"type":"update/order_book","channel":"order_book:1","timestamp":1,' +
    `"order_book":{"asks":[${lv},${lv.replace('83693.9', '83694.5')}],"bids":[],"nonce":2,"begin_nonce":1}}`;
  const subs = ['X', 'e', '"', ',', ':', '{', '}', ' ', '0', '.', '\\'];
  let checked = 0;
  for (let i = 0; i < level.length; i++) {
    for (const ch of subs) {
      for (const lv of [level.slice(0, i) + ch + level.slice(i + 1), level.slice(0, i) + level.slice(i + 1)]) {
        const text = frame(lv);
        assert.deepEqual(parseLighterFrame(text, 0), parseLighterFrameReference(text, 0), text);
        checked++;
      }
    }
  }
  assert.equal(parseLighterFrame(frame(level), 0).type, 'book');
  assert.ok(checked > 500);
});

test('keys for prices and sizes of every spelling: inline fast path, level() path and reference agree with the book', () => {
  const prices = ['83693.9', '0.1', '007.50', '123456789012345', '12345678901234.5', '1234567890123456',
    '12345678901234.56', '0.000000000000001', '0.0000000000000012', '99999999999999999999.5', '0.30000000000000004',
    '9007199254740993', '9.637721384660959', '92841.97629230161', '1e2', '1.5E-3', '1e+2', '25e-1', '1' + '0'.repeat(39)];
  const sizes = ['1', '0.00238', '0', '0.000', '000', '0e0', '0E+5', '1e-400', '0.' + '0'.repeat(38), '12345678901234567890'];
  let checked = 0;
  for (const price of prices) {
    for (const size of sizes) {
      for (const lv of [`{"price":"${price}","size":"${size}"}`, `{ "size": "${size}", "price": "${price}" }`]) {
        const text = '{"type":"update/order_book","channel":"order_book:1","order_book":' +
          `{"asks":[${lv}],"bids":[${lv},{"price":"5","size":"1"}],"nonce":2,"begin_nonce":1}}`;
        const fast = parseLighterFrame(text, 0);
        assert.deepEqual(fast, parseLighterFrameReference(text, 0), text);
        assert.equal(fast.type, 'book', text);
        if (fast.type !== 'book') continue;
        assertKeys(fast.event, text);
        assert.equal(Math.abs(fast.event.askKeys![0]!), Number(price), text);
        checked++;
      }
    }
  }
  assert.equal(checked, prices.length * sizes.length * 2);
});
