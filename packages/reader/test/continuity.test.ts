import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gapAfter, parseStreamInfo, type StreamInfo } from '../src/continuity';
import { staleness } from '../src/staleness';

const info = (firstId: string | null, lastGeneratedId: string, maxDeletedId: string | null): StreamInfo => ({ firstId, lastGeneratedId, maxDeletedId });

test('no gap while the entry after the cursor is still there', () => {
  assert.equal(gapAfter(info('5-0', '9-0', '0-0'), '5-0'), null, 'the cursor entry itself is the oldest');
  assert.equal(gapAfter(info('5-0', '9-0', '4-0'), '7-0'), null);
  assert.equal(gapAfter(info('8-0', '9-0', '7-0'), '7-0'), null, 'trimmed up to the cursor exactly');
  assert.equal(gapAfter(info(null, '9-0', '9-0'), '9-0'), null, 'everything trimmed, nothing after the cursor');
});

test('trimmed past the cursor, gone, or written anew', () => {
  assert.equal(gapAfter(info('8-0', '9-0', '7-5'), '7-0'), 'trimmed');
  assert.equal(gapAfter(null, '7-0'), 'missing');
  assert.equal(gapAfter(info('20-0', '25-0', '0-0'), '7-0'), 'recreated');
  assert.equal(gapAfter(info('3-0', '4-0', '0-0'), '7-0'), 'recreated', 'ids behind the cursor: another stream');
});

test('cursor 0-0 (synced while there was no stream): all of a new stream is after it', () => {
  assert.equal(gapAfter(null, '0-0'), null);
  assert.equal(gapAfter(info('20-0', '25-0', '0-0'), '0-0'), null);
  assert.equal(gapAfter(info('20-0', '25-0', '19-0'), '0-0'), 'trimmed');
});

test('before Redis 7 (no max-deleted-entry-id) an oldest entry after the cursor counts as trimmed', () => {
  assert.equal(gapAfter(info('8-0', '9-0', null), '7-0'), 'trimmed');
  assert.equal(gapAfter(info('7-0', '9-0', null), '7-0'), null);
});

test('XINFO STREAM replies: first entry, or the recorded id when it is empty', () => {
  assert.deepEqual(parseStreamInfo(['length', 2, 'last-generated-id', '9-0', 'max-deleted-entry-id', '3-0', 'recorded-first-entry-id', '4-0', 'first-entry', ['4-0', ['book', '{}']]]),
    info('4-0', '9-0', '3-0'));
  assert.deepEqual(parseStreamInfo(['length', 0, 'last-generated-id', '9-0', 'max-deleted-entry-id', '9-0', 'recorded-first-entry-id', '0-0', 'first-entry', null]),
    info(null, '9-0', '9-0'));
  assert.deepEqual(parseStreamInfo(['length', 1, 'last-generated-id', '9-0', 'first-entry', ['9-0', []]]), info('9-0', '9-0', null));
});

test('staleness: old by writtenTs, or expiring by TTL', () => {
  const book = { venue: 'v', market: 0, symbol: 'S', seq: 1, exchangeTs: 0, receivedTs: 0, writtenTs: 10_000, bids: [], asks: [] };
  const limits = { maxAgeMs: 5_000, minTtlMs: 1_000 };
  assert.deepEqual(staleness(book, 30_000, limits, 12_000), { ageMs: 2_000, ttlMs: 30_000, stale: false, reasons: [] });
  assert.deepEqual(staleness(book, 500, limits, 16_000).reasons, ['age', 'expiring']);
  assert.deepEqual(staleness(book, -1, limits, 12_000).reasons, [], 'no expiry is not "expiring"');
  assert.deepEqual(staleness(book, null, limits, 12_000).ttlMs, null);
});
