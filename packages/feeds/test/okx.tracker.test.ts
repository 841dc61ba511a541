// OKX continuity and checksum per market: prevSeqId chains to the last seqId (a restart to a
// lower seqId included), empty heartbeats change nothing, and a checksum mismatch resyncs that
// market alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DELIVER, DROP, GAP } from '../src/connection/types';
import { AWAITING, CHECKSUM, createOkxTracker, LIVE } from '../src/okx/tracker';
import { checksumString, flatSide, okxChecksum } from '../src/okx/checksum';
import type { OkxBookEvent } from '../src/okx/parse';
import { crc32 } from 'node:zlib';

const keys = (flat: string[]) => flat.filter((_, i) => i % 2 === 0).map((p, i) => (Number(flat[2 * i + 1]) === 0 ? -Number(p) : Number(p)));
const ev = (kind: 'snapshot' | 'delta', market: number, prevSeq: number, seq: number, bids: string[] = [], asks: string[] = [], checksum = 0): OkxBookEvent =>
  ({ kind, market, prevSeq, seq, checksum, exchangeTs: 0, receivedTs: 0, bids, asks, bidKeys: keys(bids), askKeys: keys(asks) });
const crcOf = (bids: string[], asks: string[]) => crc32(checksumString(flatSide(bids), flatSide(asks))) | 0;

test('snapshot, chained updates, the documented exceptions, a gap', () => {
  const t = createOkxTracker();
  assert.equal(t.check(ev('snapshot', 0, -1, 10)), DROP, 'not subscribed');
  t.await(0);
  assert.equal(t.check(ev('delta', 0, 9, 10)), DROP, 'before the snapshot');
  assert.equal(t.check(ev('snapshot', 0, -1, 10, ['100', '1'], ['101', '1'])), DELIVER);
  assert.equal(t.check(ev('delta', 0, 10, 15, ['100', '2'])), DELIVER);
  assert.equal(t.check(ev('delta', 0, 15, 15)), DROP, 'empty heartbeat: nothing to write');
  assert.equal(t.check(ev('delta', 0, 15, 3, ['99', '1'])), DELIVER, 'sequence reset: prevSeqId still chains');
  assert.equal(t.check(ev('delta', 0, 3, 5)), DELIVER);
  assert.deepEqual([t.counters().heartbeats, t.counters().sequenceResets], [1, 1]);
  assert.equal(t.check(ev('delta', 0, 6, 8)), GAP);
  assert.equal(t.phase(0), AWAITING);
  assert.equal(t.check(ev('delta', 0, 8, 9)), DROP);
});

test('checksums are verified against the mirror book when non-zero; a mismatch resyncs that market only', () => {
  const t = createOkxTracker();
  t.await(1); t.await(2);
  const bids = ['100.0', '1', '99.5', '2'];
  const asks = ['100.5', '3'];
  assert.equal(t.check(ev('snapshot', 1, -1, 1, bids, asks, crcOf(bids, asks))), DELIVER);
  assert.equal(t.check(ev('snapshot', 2, -1, 1, bids, asks, crcOf(bids, asks))), DELIVER);
  // Delete 100.0, add 99.8 "0.50" (kept as sent), resize the ask.
  const after = { bids: ['99.8', '0.50', '99.5', '2'], asks: ['100.5', '4'] };
  const good = crcOf(after.bids, after.asks);
  assert.equal(t.check(ev('delta', 1, 1, 2, ['100.0', '0', '99.8', '0.50'], ['100.5', '4'], good)), DELIVER);
  assert.equal(t.check(ev('delta', 2, 1, 2, ['100.0', '0', '99.8', '0.5'], ['100.5', '4'], good)), CHECKSUM, '"0.5" is not "0.50"');
  assert.equal(t.phase(2), AWAITING);
  assert.equal(t.phase(1), LIVE, 'the other market is untouched');
  assert.deepEqual([t.checksumErrors(1), t.checksumErrors(2), t.counters().checksumMismatches], [0, 1, 1]);
  assert.equal(t.check(ev('delta', 1, 2, 3, [], ['100.6', '1'], 12345)), CHECKSUM, 'a wrong checksum is caught');
  assert.equal(t.check(ev('delta', 2, 2, 3, [], ['100.6', '1'], 0)), DROP, 'awaiting a snapshot');
  t.await(2);
  assert.equal(t.check(ev('snapshot', 2, -1, 9, bids, asks, 0)), DELIVER, 'checksum 0 is not verified');
  assert.equal(t.counters().checksumsVerified, 5);
});

test('the mirror book keeps top-25 order through inserts and deletes beyond it', () => {
  const t = createOkxTracker();
  t.await(3);
  const bids: string[] = [];
  for (let i = 0; i < 40; i++) bids.push(String(1000 - i), '1');
  assert.equal(t.check(ev('snapshot', 3, -1, 1, bids, ['1001', '1'])), DELIVER);
  // Remove the best five bids: levels 26..30 move into the top 25.
  const del: string[] = [];
  for (let i = 0; i < 5; i++) del.push(String(1000 - i), '0');
  const expected = okxChecksum(flatSide(bids.slice(10)), flatSide(['1001', '1']));
  assert.equal(t.check(ev('delta', 3, 1, 2, del, [], expected)), DELIVER);
  t.idle(3);
  assert.equal(t.check(ev('delta', 3, 2, 3)), DROP);
});
