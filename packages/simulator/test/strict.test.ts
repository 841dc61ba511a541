// The Lighter simulator enforces the venue's documented limits: each a knob (scaled down here),
// each breach answered as the venue would and counted in breaches().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { waitFor } from '@ob/testkit';
import { createSimulator, LIGHTER_SIM_LIMITS, type SimulatorOptions } from '@ob/simulator';
import { connect, parse } from './helpers';

async function start(o: SimulatorOptions) {
  const sim = createSimulator({ port: 0, rate: 200, levels: 10, ...o });
  const urls = await sim.start();
  return { sim, ...urls, done: () => sim.stop() };
}
const codes = (frames: string[]) => frames.map(parse).map((f) => (f?.error as { code?: number } | undefined)?.code).filter((c) => c !== undefined);

test('defaults are the venue\'s documented values', () => {
  assert.equal(LIGHTER_SIM_LIMITS.subscriptionsPerConnection, 100);
  assert.equal(LIGHTER_SIM_LIMITS.messagesPerMinute, 200);
  assert.equal(LIGHTER_SIM_LIMITS.messagesInFlight, 50);
  assert.equal(LIGHTER_SIM_LIMITS.connectionsPerMinute, 80);
  assert.equal(LIGHTER_SIM_LIMITS.idleCloseMs, 120_000);
  assert.equal(LIGHTER_SIM_LIMITS.maxConnectionAgeMs, 86_400_000);
  assert.throws(() => createSimulator({ messagesPerMinute: 0 }), /messagesPerMinute must be an integer in 1\.\.1000000/);
});

test('perp and spot markets with ids above 4095, quiet markets, listing and delisting over REST', async () => {
  const { sim, restUrl, wsUrl, done } = await start({ markets: 50, perpIdBase: 5000, spot: 3, spotIdBase: 2048, quiet: 3 });
  try {
    const body = await (await fetch(restUrl)).json() as { order_book_details: { market_id: number; status: string }[]; spot_order_book_details: { market_id: number; symbol: string; market_type: string }[] };
    assert.ok(body.order_book_details.some((m) => m.market_id === 5004 && m.status === 'active'));
    assert.deepEqual(body.spot_order_book_details.map((m) => [m.market_id, m.market_type]), [[2048, 'spot'], [2049, 'spot'], [2050, 'spot']]);
    sim.listMarket({ id: 9000, symbol: 'NEWCOIN' });
    sim.delistMarket(5000);
    const after = await (await fetch(restUrl)).json() as typeof body;
    assert.ok(after.order_book_details.some((m) => m.market_id === 9000 && m.status === 'active'));
    assert.ok(after.order_book_details.some((m) => m.market_id === 5000 && m.status === 'inactive'));
    // The quiet spot markets (the last three) send their snapshot and then nothing.
    const c = await connect(wsUrl);
    c.subscribe(2048, 9000);
    await c.waitFrame((f) => f.includes('"subscribed/order_book"') && f.includes('order_book:2048'));
    await c.waitFrame((f) => f.includes('"update/order_book"') && f.includes('order_book:9000'), 0, 'the new listing streams');
    assert.ok(!c.frames.some((f) => f.includes('"update/order_book"') && f.includes('order_book:2048')), 'a quiet market sends no update');
    await c.close();
  } finally { await done(); }
});

test('subscriptions per connection, messages in flight and per minute: error codes, not executed, counted', async () => {
  const { sim, wsUrl, done } = await start({ markets: 20, subscriptionsPerConnection: 5, messagesInFlight: 3, snapshotDelayMs: 300, messagesPerMinute: 12, messageWindowMs: 60_000 });
  try {
    const c = await connect(wsUrl);
    c.subscribe(0, 1, 2, 3);                // the 4th is over 3 in flight
    await waitFor(() => codes(c.frames).includes(30009), { message: '30009' });
    assert.equal(sim.breaches().messagesInFlight, 1);
    await waitFor(() => c.frames.filter((f) => f.includes('subscribed/order_book')).length === 3, { message: '3 snapshots' });
    c.subscribe(4, 5, 6);                   // 6 subscriptions: the 6th over 5 per connection
    await waitFor(() => codes(c.frames).includes(30008), { message: '30008' });
    assert.equal(sim.breaches().subscriptionsPerConnection, 1);
    for (let i = 0; i < 6; i++) c.send({ type: 'ping' }); // 13 messages: the 13th over 12 a minute
    await waitFor(() => codes(c.frames).includes(30010), { message: '30010' });
    assert.ok(sim.breaches().messagesPerMinute >= 1);
    await c.close();
  } finally { await done(); }
});

test('idle close, max connection age and connections per minute', async () => {
  const { sim, wsUrl, done } = await start({ markets: 3, idleCloseMs: 300, maxConnectionAgeMs: 0, connectionsPerMinute: 2 });
  try {
    const codeOf = (ws: WebSocket) => new Promise<number>((r) => ws.once('close', (code) => r(code)));
    const a = await connect(wsUrl);
    const aClosed = codeOf(a.ws);
    assert.equal(await aClosed, 1001, 'closed for sending nothing');
    assert.equal(sim.breaches().idleCloses, 1);
    await connect(wsUrl);
    await assert.rejects(connect(wsUrl), 'the third connection this minute is refused');
    assert.equal(sim.breaches().connectionsPerMinute, 1);
  } finally { await done(); }
  const aged = await start({ markets: 3, maxConnectionAgeMs: 200 });
  try {
    const c = await connect(aged.wsUrl);
    const code = await new Promise<number>((r) => c.ws.once('close', (k) => r(k)));
    assert.equal(code, 1001);
    assert.equal(aged.sim.counters().ageDrops, 1);
  } finally { await aged.done(); }
});

test('withheld snapshots: the subscribe is taken but never answered', async () => {
  const { sim, wsUrl, done } = await start({ markets: 5 });
  try {
    sim.faults.withholdSnapshots([2]);
    const c = await connect(wsUrl);
    c.subscribe(1, 2);
    await c.waitFrame((f) => f.includes('subscribed/order_book') && f.includes('order_book:1'));
    c.send({ type: 'ping' });
    await c.waitFrame((f) => f === '{"type":"pong"}');
    assert.ok(!c.frames.some((f) => f.includes('subscribed/order_book') && f.includes('order_book:2')));
    assert.deepEqual(sim.subscriptionsPerConnection(), [2]);
    await c.close();
  } finally { await done(); }
});
