import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FeedConnections } from '@ob/protocol';
import { summarizeFeed, totalOf } from './summary';

const feed = (over: Partial<FeedConnections> = {}): FeedConnections => ({
  venue: 'lighter', url: 'ws://x', marketsPerConnection: 50,
  connections: [
    { index: 0, state: 'open', markets: 50, live: 49, ageMs: 1_000, reconnects: 1, recycles: 0 },
    { index: 1, state: 'backoff', markets: 20, live: 0, ageMs: 0, reconnects: 3, recycles: 1 },
  ],
  budget: { messages: 40, messageBudget: 160, messageWindowMs: 60_000, inFlight: 30, inFlightBudget: 35, connections: 2, connectionBudget: 64, held: 0 },
  venueErrors: [{ code: '30003', count: 2, lastMessage: 'Already Subscribed', markets: [] }, { code: '30010', count: 1, lastMessage: 'Too Many', markets: [] }],
  stuck: [], unplaced: 0, lastRefreshAt: 0, refreshes: 1, refreshFailures: 0,
  ...over,
});

test('totals over connections, the tighter budget, errors summed', () => {
  const s = summarizeFeed(feed());
  assert.deepEqual([s.open, s.total, s.markets, s.live, s.reconnects, s.errors], [1, 2, 70, 49, 4, 3]);
  assert.equal(s.messages, '40 / 160 a minute');
  assert.equal(s.inFlight, '30 / 35');
  assert.equal(s.budgetUse, 30 / 35);
});

test('budgets the venue does not limit, and scaled windows', () => {
  const s = summarizeFeed(feed({ budget: { messages: 7, messageBudget: null, messageWindowMs: 2_000, inFlight: 0, inFlightBudget: null, connections: 0, connectionBudget: null, held: 0 } }));
  assert.equal(s.messages, '7 (no limit)');
  assert.equal(s.inFlight, '0 (no limit)');
  assert.equal(s.budgetUse, 0);
  assert.equal(summarizeFeed(feed({ budget: { ...feed().budget, messageWindowMs: 2_000 } })).messages, '40 / 160 per 2 s');
});

test('venues summed: connections, markets, reconnects, errors and stuck markets', () => {
  const stuck = { market: 3, symbol: 'X', stuckMs: 1, attempts: 1, state: 'awaiting' as const, retryInMs: 0 };
  const t = totalOf([feed(), feed({ venue: 'okx', venueErrors: [], stuck: [stuck] })]);
  assert.deepEqual(t, { open: 2, total: 4, markets: 140, live: 98, reconnects: 8, errors: 3, stuck: 1 });
  assert.deepEqual(totalOf([]), { open: 0, total: 0, markets: 0, live: 0, reconnects: 0, errors: 0, stuck: 0 });
});
