import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrderBook } from '@ob/orderbook';
import { parseLighterFrame, parseLighterFrameReference } from '../src/lighter/parse';
import { genFrame, mutate, rng } from './frame-gen';

const CASES = 4000;

test('fast and reference parsers agree on generated frames, and build the same books', () => {
  const r = rng(7);
  const fastBooks = new Map<number, OrderBook>();
  const refBooks = new Map<number, OrderBook>();
  const kinds = new Map<string, number>();
  for (let i = 0; i < CASES; i++) {
    const text = genFrame(r);
    const fast = parseLighterFrame(text, i);
    const ref = parseLighterFrameReference(text, i);
    assert.deepEqual(fast, ref, `case ${i}: ${text}`);
    kinds.set(fast.type, (kinds.get(fast.type) ?? 0) + 1);
    for (const [frame, books] of [[fast, fastBooks], [ref, refBooks]] as const) {
      if (frame.type !== 'book') continue;
      const ev = frame.event;
      let b = books.get(ev.market);
      if (!b) books.set(ev.market, (b = new OrderBook()));
      if (ev.kind === 'snapshot') b.applySnapshot(ev.bids, ev.asks);
      else b.applyDelta(ev.bids, ev.asks);
    }
  }
  assert.equal(fastBooks.size, refBooks.size);
  for (const [m, b] of fastBooks) assert.deepEqual(b.top(1000), refBooks.get(m)!.top(1000), `market ${m}`);
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
