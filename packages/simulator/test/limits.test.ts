// The strict simulator treats a client past a documented limit as the venue does (an error frame,
// the message not executed, the connection closed when it keeps on) and counts the breach. Each
// test uses its own simulator with the one limit under test scaled down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { waitFor } from '@ob/testkit';
import {
  createSimulator, CLOSE_IDLE, CLOSE_MAX_AGE, CLOSE_POLICY, LIGHTER_SIM_LIMITS, type Simulator, type SimulatorOptions,
} from '@ob/simulator';
import { connect, parse, type TestClient } from './helpers';

async function withSim(opts: SimulatorOptions, fn: (sim: Simulator, client: () => Promise<TestClient>, urls: { wsUrl: string; restUrl: string }) => Promise<void>) {
  const sim = createSimulator({ port: 0, rate: 200, seed: 3, levels: 20, ...opts });
  const urls = await sim.start();
  const open: TestClient[] = [];
  try {
    await fn(sim, async () => { const c = await connect(urls.wsUrl); open.push(c); return c; }, urls);
  } finally {
    await Promise.all(open.map((c) => c.close()));
    await sim.stop();
  }
}

const errorCodes = (c: TestClient) => c.frames.map(parse).flatMap((f) => {
  const e = f?.error as { code?: number } | undefined;
  return e && typeof e.code === 'number' ? [e.code] : [];
});
const snapshots = (c: TestClient) => c.frames.filter((f) => f.includes('"type":"subscribed/order_book"')).length;
const closeCode = (c: TestClient) => new Promise<number>((resolve) => {
  if (c.closed) resolve(-1);
  c.ws.once('close', (code) => resolve(code));
});

test('the defaults are the venue\'s documented limits', () => {
  assert.equal(LIGHTER_SIM_LIMITS.subscriptionsPerConnection, 100);
  assert.equal(LIGHTER_SIM_LIMITS.subscriptionsTotal, 1_000);
  assert.equal(LIGHTER_SIM_LIMITS.messagesPerMinute, 200);
  assert.equal(LIGHTER_SIM_LIMITS.messagesInFlight, 50);
  assert.equal(LIGHTER_SIM_LIMITS.connectionsOpen, 100);
  assert.equal(LIGHTER_SIM_LIMITS.connectionsPerMinute, 80);
  assert.equal(LIGHTER_SIM_LIMITS.idleCloseMs, 120_000);
  assert.equal(LIGHTER_SIM_LIMITS.maxConnectionAgeMs, 86_400_000);
  assert.equal(LIGHTER_SIM_LIMITS.restPerMinute, 60);
});

test('subscriptions past the per-connection cap are refused (30008) and counted; another connection takes them', async () => {
  await withSim({ subscriptionsPerConnection: 3 }, async (sim, client) => {
    const a = await client();
    a.subscribe(0, 1, 2, 3);
    await waitFor(() => errorCodes(a).includes(30008), { message: '30008' });
    await waitFor(() => snapshots(a) === 3, { message: 'three snapshots' });
    assert.equal(sim.breaches().subscriptionsPerConnection, 1);
    const b = await client();
    b.subscribe(3);
    await waitFor(() => snapshots(b) === 1, { message: 'the 4th market on a second connection' });
    assert.deepEqual(sim.subscriptionsPerConnection(), [3, 1]);
    assert.equal(sim.breaches().subscriptionsPerConnection, 1);
  });
});

test('client messages past the per-window budget get 30010 and are not executed; after the window they are', async () => {
  await withSim({ messagesPerMinute: 5, messageWindowMs: 1_000, closeAfterBreaches: 100 }, async (sim, client) => {
    const c = await client();
    c.subscribe(0, 1, 2, 3, 4, 5, 6);
    await waitFor(() => errorCodes(c).filter((x) => x === 30010).length === 2, { message: 'two 30010' });
    assert.equal(snapshots(c), 5);
    assert.equal(sim.breaches().messagesPerMinute, 2);
    // Once the window has passed the budget is back: two messages per try, tries spaced inside the budget.
    await waitFor(async () => {
      c.send({ type: 'unsubscribe', channel: 'order_book/0' });
      c.subscribe(0);
      await new Promise((r) => setTimeout(r, 600));
      return snapshots(c) === 6;
    }, { message: 'a subscribe executes after the window' });
  });
});

test('subscribes awaiting their snapshot past the in-flight cap get 30009 and are counted', async () => {
  await withSim({ messagesInFlight: 2, snapshotDelayMs: 500, closeAfterBreaches: 100 }, async (sim, client) => {
    const c = await client();
    c.subscribe(0, 1, 2, 3);
    await waitFor(() => errorCodes(c).filter((x) => x === 30009).length === 2, { message: 'two 30009' });
    await waitFor(() => snapshots(c) === 2, { message: 'the two in flight answered' });
    assert.equal(sim.breaches().messagesInFlight, 2);
    c.subscribe(2);
    await waitFor(() => snapshots(c) === 3, { message: 'room again once answered' });
  });
});

test('30003 already subscribed comes in both error shapes; repeated breaches close the connection with a policy code', async () => {
  await withSim({ closeAfterBreaches: 4 }, async (sim, client) => {
    const c = await client();
    c.subscribe(0);
    await waitFor(() => snapshots(c) === 1, { message: 'snapshot' });
    const closed = closeCode(c);
    c.subscribe(0, 0, 0, 0);
    assert.equal(await closed, CLOSE_POLICY);
    const shapes = c.frames.map(parse).filter((f) => (f?.error as { code?: number } | undefined)?.code === 30003);
    assert.ok(shapes.length >= 2);
    assert.ok(shapes.some((f) => f!.type === 'error') && shapes.some((f) => f!.type === undefined), 'typed and untyped');
    assert.equal(sim.breaches().alreadySubscribed, 4);
    assert.equal(sim.counters().policyCloses, 1);
    assert.equal(snapshots(c), 1, 'no fresh snapshot for a repeated subscribe');
  });
});

test('a connection that sends nothing is closed at the idle limit (counted); one that pings is kept', async () => {
  await withSim({ idleCloseMs: 400, idlePingMs: 100 }, async (sim, client) => {
    const quiet = await client();
    const talker = await client();
    talker.subscribe(0);
    const timer = setInterval(() => talker.send({ type: 'ping' }), 100);
    try {
      assert.equal(await closeCode(quiet), CLOSE_IDLE);
      assert.equal(sim.breaches().idleCloses, 1);
      // Well past several idle periods the talker is still open.
      await waitFor(() => talker.frames.filter((f) => f === '{"type":"pong"}').length >= 15, { message: 'pongs over several idle periods' });
      assert.equal(talker.closed, false);
      assert.equal(sim.breaches().idleCloses, 1);
    } finally { clearInterval(timer); }
  });
});

test('connections are dropped at the max age', async () => {
  await withSim({ maxConnectionAgeMs: 300, idleCloseMs: 0 }, async (sim, client) => {
    const c = await client();
    assert.equal(await closeCode(c), CLOSE_MAX_AGE);
    assert.equal(sim.counters().ageDrops, 1);
  });
});

test('handshakes past the connections-per-window and open caps are refused and counted', async () => {
  await withSim({ connectionsPerMinute: 2, connectionWindowMs: 60_000 }, async (sim, client, { wsUrl }) => {
    await client();
    await client();
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(wsUrl);
      ws.on('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); ws.terminate(); });
      ws.on('open', () => { resolve(101); ws.terminate(); });
      ws.on('error', () => {});
    });
    assert.equal(refused, 429);
    assert.equal(sim.breaches().connectionsPerMinute, 1);
  });
  await withSim({ connectionsOpen: 1 }, async (sim, client, { wsUrl }) => {
    await client();
    await assert.rejects(connect(wsUrl));
    assert.equal(sim.breaches().connectionsOpen, 1);
  });
});

test('REST past 60 a minute is refused with 429 and counted', async () => {
  await withSim({ restPerMinute: 3 }, async (sim, _client, { restUrl }) => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(restUrl)).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    assert.equal(sim.breaches().restPerMinute, 1);
  });
});

test('any market count, perp and spot with ids above 4095, quiet markets send nothing', async () => {
  await withSim({ markets: 60, spot: 40, perpIdBase: 5_000, spotIdBase: 9_000, quiet: 10, rate: 2_000 }, async (sim, client, { restUrl }) => {
    const list = await (await fetch(restUrl)).json() as { order_book_details: { market_id: number; status: string }[]; spot_order_book_details: { market_id: number; market_type: string }[] };
    assert.equal(list.order_book_details.filter((m) => m.status === 'active').length, 60);
    assert.equal(list.spot_order_book_details.length, 40);
    assert.ok(list.spot_order_book_details.every((m) => m.market_type === 'spot' && m.market_id >= 9_000));
    assert.ok(list.order_book_details.some((m) => m.market_id > 5_000));
    const ms = sim.markets();
    const quiet = ms.slice(-10).map((m) => m.id);
    const loud = ms[0]!.id;
    const c = await client();
    c.subscribe(loud, ...quiet);
    await waitFor(() => snapshots(c) === 11, { message: 'eleven snapshots' });
    await waitFor(() => c.frames.filter((f) => f.includes(`"order_book:${loud}"`) && f.includes('update/')).length >= 20, { message: 'updates of the loud market' });
    for (const q of quiet) assert.equal(c.frames.filter((f) => f.includes(`"order_book:${q}"`) && f.includes('update/')).length, 0, `quiet ${q}`);
  });
});

test('a new listing is in the list and streams; a delisted market goes inactive and stops', async () => {
  await withSim({ markets: 3 }, async (sim, client, { restUrl }) => {
    sim.listMarket({ id: 7_777, symbol: 'NEW', weight: 5 });
    const list = await (await fetch(restUrl)).json() as { order_book_details: { market_id: number; status: string }[] };
    assert.equal(list.order_book_details.find((m) => m.market_id === 7_777)?.status, 'active');
    const c = await client();
    c.subscribe(7_777);
    await waitFor(() => c.frames.filter((f) => f.includes('"order_book:7777"') && f.includes('update/')).length >= 3, { message: 'updates of the new market' });
    sim.delistMarket(7_777);
    const after = await (await fetch(restUrl)).json() as { order_book_details: { market_id: number; status: string }[] };
    assert.equal(after.order_book_details.find((m) => m.market_id === 7_777)?.status, 'inactive');
    const n = c.frames.length;
    c.subscribe(0);
    // Another market keeps streaming meanwhile: the clock for "nothing more of the delisted one".
    await waitFor(() => c.frames.slice(n).filter((f) => f.includes('"order_book:0"') && f.includes('update/')).length >= 10, { message: 'updates of market 0' });
    const late = c.frames.slice(n).filter((f) => f.includes('"order_book:7777"') && f.includes('update/'));
    assert.equal(late.length, 0);
  });
});

test('withheld markets are accepted but never answered (stuck without a snapshot)', async () => {
  await withSim({}, async (sim, client) => {
    sim.faults.withholdSnapshots([1]);
    const c = await client();
    c.subscribe(0, 1);
    await waitFor(() => snapshots(c) === 1, { message: 'the other snapshot' });
    c.send({ type: 'ping' });
    await c.waitFrame((f) => f === '{"type":"pong"}', 0, 'pong');
    // Its updates still flow (the client must drop them: no snapshot to apply them to).
    assert.equal(c.frames.filter((f) => f.includes('"order_book:1"') && f.includes('subscribed/')).length, 0);
    assert.deepEqual(sim.subscriptionsPerConnection(), [2]);
  });
});
