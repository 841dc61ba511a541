import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StatsSnapshot } from '@ob/protocol';
import { groupReasons, readyBadge, redisBadge, venueBadge } from './statusTone';

const VENUES = ['lighter', 'okx', 'bybit'];

test('reasons the venues share are named once, with the venues (or every venue)', () => {
  const oom = 'redis: out of memory (OOM command not allowed)';
  assert.deepEqual(groupReasons(VENUES.map((v) => `${v}: ${oom}`), VENUES), [`every venue: ${oom}`]);
  assert.deepEqual(groupReasons(['lighter: 0 of 45 markets have a book in Redis', `okx: ${oom}`, `bybit: ${oom}`], VENUES),
    ['lighter: 0 of 45 markets have a book in Redis', `okx, bybit: ${oom}`]);
  assert.deepEqual(groupReasons(['0 of 45 markets have a book in Redis'], ['lighter']), ['0 of 45 markets have a book in Redis'], 'one venue: no prefix');
});

const snap = (over: { status?: StatsSnapshot['feed']['status']; valid?: number; ready?: boolean; reasons?: string[] } = {}): StatsSnapshot => ({
  feed: { source: 'sim-okx', venue: 'okx', url: 'ws://x', status: over.status ?? 'connected', markets: 8, validMarkets: over.valid ?? 8 },
  readiness: { ready: over.ready ?? true, reasons: over.reasons ?? [], booksInRedis: over.ready === false ? 0 : 8, markets: 8, needed: 8 },
  redis: { status: 'writable', url: 'redis://x' },
} as unknown as StatsSnapshot);

test('a venue\'s pill: its feed state, amber while not ready or some books are invalid', () => {
  assert.deepEqual(venueBadge(snap(), true), { tone: 'ok', text: 'connected', detail: 'sim-okx · 8/8 books valid, 8 in Redis' });
  const notReady = venueBadge(snap({ ready: false, reasons: ['0 of 8 markets have a book in Redis'] }), true);
  assert.equal(notReady.tone, 'warn');
  assert.equal(notReady.text, 'connected, not ready');
  assert.match(notReady.detail, /not ready: 0 of 8 markets have a book in Redis$/);
  assert.equal(venueBadge(snap({ valid: 7 }), true).tone, 'warn');
  assert.equal(venueBadge(snap({ status: 'reconnecting', ready: false }), true).text, 'reconnecting');
  assert.equal(venueBadge(snap(), false).tone, 'muted', 'no live link: unknown');
});

test('Redis\'s problem reads as one sentence; Ready groups the venues\' reasons', () => {
  const problem = { code: 'oom' as const, summary: 'redis: out of memory', message: 'OOM command not allowed.', fix: 'raise maxmemory', since: 0 };
  const s = { ...snap(), redis: { status: 'down', url: 'redis://x', problem } } as unknown as StatsSnapshot;
  assert.deepEqual(redisBadge(s, true), { tone: 'bad', text: 'out of memory', detail: 'OOM command not allowed. Fix: raise maxmemory' });
  const all = { ...snap({ ready: false, reasons: VENUES.map((v) => `${v}: redis: out of memory`) }), venues: VENUES.map((venue) => ({ venue })) } as unknown as StatsSnapshot;
  assert.deepEqual(readyBadge(all, true), { tone: 'bad', text: 'not ready', detail: 'every venue: redis: out of memory' });
});
