import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gapAfter, parseStreamInfo, type StreamInfo } from '../src/continuity';
import { staleness } from '../src/staleness';

const info = (length: number, entriesAdded: number | null, lastGeneratedId: string): StreamInfo => ({ length, entriesAdded, lastGeneratedId });

test('no gap while the cursor\'s entry is still in the stream', () => {
  assert.equal(gapAfter(info(5, 5, '9-0'), '7-0', true), null);
  assert.equal(gapAfter(info(100, 400, '9-0'), '7-0', true), null, 'trimmed, but not up to the cursor');
});

test('the cursor\'s entry gone: trimmed, missing, or another stream', () => {
  assert.equal(gapAfter(info(100, 400, '9-0'), '7-0', false), 'trimmed');
  assert.equal(gapAfter(null, '7-0', false), 'missing');
  assert.equal(gapAfter(info(3, 3, '25-0'), '7-0', false), 'recreated', 'nothing was ever deleted from this one');
  assert.equal(gapAfter(info(100, 400, '4-0'), '7-0', false), 'recreated', 'its ids are behind the cursor');
  assert.equal(gapAfter(info(100, null, '9-0'), '7-0', false), 'trimmed', 'before Redis 7: assume trimmed');
});

test('cursor 0-0 (synced while there was no stream): all of a new stream is after it, unless trimmed', () => {
  assert.equal(gapAfter(null, '0-0', false), null);
  assert.equal(gapAfter(info(20, 20, '25-0'), '0-0', false), null);
  assert.equal(gapAfter(info(100, 300, '25-0'), '0-0', false), 'trimmed');
});

test('XINFO STREAM replies', () => {
  assert.deepEqual(parseStreamInfo(['length', 100, 'last-generated-id', '9-0', 'max-deleted-entry-id', '0-0', 'entries-added', 300, 'first-entry', ['4-0', ['book', '{}']]]),
    info(100, 300, '9-0'));
  assert.deepEqual(parseStreamInfo(['length', 1, 'last-generated-id', '9-0', 'first-entry', ['9-0', []]]), info(1, null, '9-0'));
});

test('staleness: old by writtenTs, or expiring by TTL', () => {
  const book = { venue: 'v', market: 0, symbol: 'S', seq: 1, exchangeTs: 0, receivedTs: 0, writtenTs: 10_000, bids: [], asks: [] };
  const limits = { maxAgeMs: 5_000, minTtlMs: 1_000 };
  assert.deepEqual(staleness(book, 30_000, limits, 12_000), { ageMs: 2_000, ttlMs: 30_000, stale: false, reasons: [] });
  assert.deepEqual(staleness(book, 500, limits, 16_000).reasons, ['age', 'expiring']);
  assert.deepEqual(staleness(book, -1, limits, 12_000).reasons, [], 'no expiry is not "expiring"');
  assert.deepEqual(staleness(book, null, limits, 12_000).ttlMs, null);
});
