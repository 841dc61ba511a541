// SnapshotEncoder: the bytes are exactly the documented JSON layout, as JSON.stringify of the
// same fields would spell it, whatever the numbers, symbols and depths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MarketState } from '../src/market-state';
import { SnapshotEncoder } from '../src/snapshot-bytes';

/** The layout spelled out field by field (DESIGN.md's Redis layout). */
function expected(venue: string, m: MarketState, depth: number, writtenTs: number, crossed: boolean): string {
  const top = m.book.top(depth);
  return '{"venue":' + JSON.stringify(venue) + ',"market":' + m.id + ',"symbol":' + JSON.stringify(m.symbol)
    + (m.instrument ? ',"instrument":' + JSON.stringify(m.instrument) : '')
    + ',"seq":' + m.seq + ',"exchangeTs":' + m.exchangeTs + ',"receivedTs":' + m.receivedTs + ',"writtenTs":' + writtenTs
    + ',"bids":' + JSON.stringify(top.bids) + ',"asks":' + JSON.stringify(top.asks) + (crossed ? ',"crossed":true}' : '}');
}

function rng(seed: number) {
  return () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

test('the bytes are the documented JSON, for odd numbers, symbols and instruments too', () => {
  const enc = new SnapshotEncoder(JSON.stringify('lighter'));
  const m = new MarketState(21, 'FART"COIN\\é', { base: 'FARTCOIN', quote: 'USDC', kind: 'perp' });
  m.book.applySnapshot(['100.5', '1', '100.4', '2.50'], ['100.6', '0.001']);
  const numbers = [0, 7, 10, 99, 100, 1791365635786, Number.MAX_SAFE_INTEGER, 2 ** 60, 1.5, -3, -0, NaN, 1e21, 0.1 + 0.2];
  for (const v of numbers) {
    m.seq = v;
    m.exchangeTs = v;
    m.receivedTs = 1791365635790;
    for (const crossed of [false, true]) {
      const b = enc.encode(m, 2, v, crossed);
      assert.equal(b.toString('utf8'), expected('lighter', m, 2, v, crossed), `number ${v}`);
    }
  }
  const plain = new MarketState(0, 'ETH');
  assert.equal(enc.encode(plain, 50, 1).toString('utf8'), expected('lighter', plain, 50, 1, false), 'empty book, no instrument');
});

test('the acked snapshot stays as written while the next ones are encoded; deep books grow the buffers', () => {
  const r = rng(9);
  const enc = new SnapshotEncoder(JSON.stringify('v'));
  const m = new MarketState(1, 'BTC');
  const level = (base: number, i: number) => [(base + i / 10).toFixed(1), (r() * 9 + 0.5).toFixed(5)];
  const bids = Array.from({ length: 1200 }, (_, i) => level(50_000, -i)).flat();
  const asks = Array.from({ length: 1200 }, (_, i) => level(50_001, i)).flat();
  m.book.applySnapshot(bids, asks);
  m.seq = 5;
  let acked: [Buffer, string] | undefined;
  for (let i = 0; i < 60; i++) {
    const depth = [1, 50, 1000, 1200, 3][i % 5]!;
    const ts = 1_800_000_000_000 + i;
    const b = enc.encode(m, depth, ts);
    const want = expected('v', m, depth, ts, false);
    assert.equal(b.toString('utf8'), want);
    const copy = enc.encodeCopy(m, 1, ts);
    assert.equal(copy.toString('utf8'), expected('v', m, 1, ts, false), 'a copy for a stream entry');
    assert.equal(b.toString('utf8'), want, 'the copy leaves the write alone');
    if (r() < 0.6) { // acked; else the write failed and the market is encoded again
      enc.acked(m, b);
      acked = [b, want];
      assert.equal(m.writtenSnapshot, b);
    }
    if (acked) assert.equal(acked[0].toString('utf8'), acked[1], `the acked snapshot is intact at ${i}`);
    m.book.applyDelta(level(50_000, -Math.floor(r() * 60)), level(50_001, Math.floor(r() * 60)));
    m.seq++;
  }
});
