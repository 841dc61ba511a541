// GET /api/feed and the ob_feed_* metrics: connections, budget, venue errors by code and market,
// stuck markets with their age, against the strict simulator and a real Redis.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FeedConnections } from '@ob/protocol';
import { startRedis, waitFor, type TestRedis } from '@ob/testkit';
import { Value } from 'typebox/value';
import { parsePrometheus, startStack, type Stack } from './harness';

let redis: TestRedis;
let stack: Stack;

before(async () => {
  redis = await startRedis();
  stack = await startStack({ redis, sim: { markets: 12 }, feed: { marketsPerConnection: 5, snapshotTimeoutMs: 300, resyncBackoff: { baseMs: 300, maxMs: 2_000 } } });
  stack.sim.faults.withholdSnapshots([11]);
  await waitFor(() => stack.streamer.markets().filter((m) => m.valid).length === 11, { message: '11 markets valid' });
});
after(async () => {
  await stack?.close();
  await redis?.stop();
});

const feed = async () => {
  const res = await stack.app.inject({ method: 'GET', url: '/api/feed' });
  assert.equal(res.statusCode, 200);
  const body = res.json() as FeedConnections;
  assert.ok(Value.Check(FeedConnections, body), JSON.stringify(body).slice(0, 300));
  return body;
};

test('GET /api/feed: connections with their markets, state, age and reconnects; the budget in use', async () => {
  const f = await feed();
  assert.equal(f.venue, 'lighter');
  assert.equal(f.marketsPerConnection, 5);
  assert.deepEqual(f.connections.map((c) => c.markets), [5, 5, 2]);
  assert.ok(f.connections.every((c) => c.state === 'open' && c.ageMs >= 0 && c.reconnects === 0));
  assert.equal(f.budget.messageBudget, 160, '80 % of the venue\'s 200 a minute');
  assert.equal(f.budget.inFlightBudget, 35, '70 % of the venue\'s 50 in flight');
  assert.ok(f.budget.messages >= 12, 'the subscribes counted');
});

test('a market that never gets its snapshot is listed as stuck with its age, backing off', async () => {
  const f = await waitFor(async () => { const v = await feed(); return v.stuck.length === 1 && v.stuck[0]!.attempts >= 2 ? v : null; }, { message: 'stuck market' });
  const s = f.stuck[0]!;
  assert.equal(s.market, 11);
  assert.ok(s.stuckMs > 300);
  const { samples } = parsePrometheus((await stack.app.inject({ method: 'GET', url: '/metrics' })).body);
  assert.equal(samples.get('ob_feed_stuck_markets{venue="lighter"}'), 1);
  assert.ok(samples.get(`ob_feed_stuck_market_seconds{venue="lighter",symbol="${s.symbol}"}`)! > 0.3);
});

test('venue errors are tallied by code and by market, in /api/feed and /metrics', async () => {
  stack.sim.faults.sendError(30003, 'Already Subscribed: order_book/2');
  stack.sim.faults.sendError(30010, 'Too Many Requests', true);
  // Each connection reads its frames when the flush reads the held sockets: wait for all three.
  const f = await waitFor(async () => {
    const v = await feed();
    return v.venueErrors.length === 2 && v.venueErrors.every((e) => e.count === 3) ? v : null;
  }, { message: 'two codes, each from every connection' });
  const byCode = new Map(f.venueErrors.map((e) => [e.code, e]));
  assert.equal(byCode.get('30003')!.count, 3, 'one per connection');
  assert.equal(byCode.get('30010')!.count, 3, 'one per connection');
  assert.deepEqual(byCode.get('30003')!.markets, [{ market: 2, symbol: 'SOL', count: 3 }]);
  assert.deepEqual(byCode.get('30010')!.markets, []);
  const { samples } = parsePrometheus((await stack.app.inject({ method: 'GET', url: '/metrics' })).body);
  assert.equal(samples.get('ob_feed_venue_errors_total{venue="lighter",code="30003"}'), 3);
  assert.equal(samples.get('ob_feed_venue_market_errors_total{venue="lighter",code="30003",symbol="SOL"}'), 3);
  assert.equal(samples.get('ob_feed_connections{venue="lighter",state="open"}'), 3);
  assert.equal(samples.get('ob_feed_connection_markets{venue="lighter",connection="0"}'), 5);
  assert.equal(samples.get('ob_feed_subscribe_in_flight_limit{venue="lighter"}'), 35);
  assert.deepEqual(Object.values(stack.sim.breaches()).filter((n) => n > 0), []);
});
