// The simulated Bybit linear venue on the wire, with plain ws clients: its REST and WS protocol
// and each documented limit enforced as the venue enforces it, every breach counted.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { waitFor } from '@ob/testkit';
import { createBybitSimulator, type BybitSimulatorOptions } from '../src/index';
import { parse, type TestClient } from './helpers';
import { handshakeStatus, venueHarness } from './venue-harness';

const op = (o: string, args: string[], req_id?: string) => ({ op: o, args, ...(req_id ? { req_id } : {}) });
const replies = (c: TestClient) => c.frames.map((f) => parse(f)).filter((m) => m && 'op' in m) as Record<string, unknown>[];
const books = (c: TestClient, topic: string) => c.frames.map((f) => parse(f)).filter((m) => m?.topic === topic) as
  { type: string; data: { s: string; b: string[][]; a: string[][]; u: number; seq: number }; ts: number; cts: number }[];

describe('simulated bybit linear', () => {
  const h = venueHarness((o: BybitSimulatorOptions = {}) => createBybitSimulator({ rate: 500, ...o }));
  afterEach(h.cleanup);

  test('instruments-info pages by cursor, Trading by default, PreLaunch on request; bad params get retCode 10001', async () => {
    const { restUrl } = await h.boot({ pageSizeCap: 4 });
    const symbols: string[] = [];
    let cursor = '';
    for (let pages = 0; pages < 10; pages++) {
      const res = await fetch(`${restUrl}?category=linear${cursor ? `&cursor=${cursor}` : ''}`);
      const body = await res.json() as { retCode: number; result: { list: { symbol: string; status: string }[]; nextPageCursor: string } };
      assert.equal(body.retCode, 0);
      assert.ok(body.result.list.length <= 4);
      symbols.push(...body.result.list.map((e) => e.symbol));
      cursor = body.result.nextPageCursor;
      if (!cursor) break;
    }
    assert.equal(cursor, '', 'the last page has no cursor');
    assert.ok(symbols.includes('BTC-27MAR26'), 'the dated future is listed');
    assert.ok(!symbols.includes('NEWUSDT'), 'pre-launch only on request');
    for (const m of h.sim!.markets()) assert.ok(symbols.includes(m.symbol));
    const pre = await (await fetch(`${restUrl}?category=linear&status=PreLaunch`)).json() as { result: { list: { symbol: string }[] } };
    assert.deepEqual(pre.result.list.map((e) => e.symbol), ['NEWUSDT']);
    const bad = await (await fetch(`${restUrl}?category=spot`)).json() as { retCode: number };
    assert.equal(bad.retCode, 10001);
    assert.equal(((await (await fetch(`${restUrl}?category=linear&limit=1001`)).json()) as { retCode: number }).retCode, 10001);
  });

  test('REST over the 5 s budget gets 403 "access too frequent", counted', async () => {
    const { restUrl } = await h.boot({ restRequestsPerWindow: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${restUrl}?category=linear`)).status);
    assert.deepEqual(statuses, [200, 200, 200, 403]);
    assert.equal(h.sim!.counters().restRateBreaches, 1);
  });

  test('subscribe: one ack per message, then a snapshot per topic and deltas with u + 1; ping answered', async () => {
    const { wsUrl } = await h.boot();
    const c = await h.open(wsUrl);
    c.send(op('subscribe', ['orderbook.50.BTCUSDT', 'orderbook.50.ETHUSDT'], 'r1'));
    await waitFor(() => books(c, 'orderbook.50.BTCUSDT').length > 20, { message: 'BTC deltas' });
    const acks = replies(c).filter((r) => r.op === 'subscribe');
    assert.equal(acks.length, 1);
    assert.equal(acks[0]!.success, true);
    assert.equal(acks[0]!.req_id, 'r1');
    const btc = books(c, 'orderbook.50.BTCUSDT');
    assert.equal(btc[0]!.type, 'snapshot');
    assert.ok(btc[0]!.data.b.length <= 50 && btc[0]!.data.a.length <= 50);
    assert.ok(Number(btc[0]!.data.b[0]![0]) < Number(btc[0]!.data.a[0]![0]), 'not crossed');
    for (let i = 1; i < btc.length; i++) {
      assert.equal(btc[i]!.type, 'delta');
      assert.equal(btc[i]!.data.u, btc[i - 1]!.data.u + 1, 'u rises by one');
      assert.ok(btc[i]!.data.seq > btc[i - 1]!.data.seq, 'cross sequence rises');
    }
    c.send({ req_id: 'p', op: 'ping' });
    await waitFor(() => replies(c).some((r) => r.op === 'ping' && r.ret_msg === 'pong' && r.req_id === 'p'), { message: 'pong' });
  });

  test('refusals as the venue words them: unknown topic, repeat, bad op, not JSON, args over the message cap', async () => {
    const { wsUrl } = await h.boot({ argsPerMessage: 10 });
    const c = await h.open(wsUrl);
    c.send(op('subscribe', ['orderbook.50.BTCUSDT']));
    c.send(op('subscribe', ['orderbook.50.BTCUSDT']));
    c.send(op('subscribe', ['orderbook.50.NOPEUSDT']));
    c.send(op('subscribe', ['orderbook.30.BTCUSDT']));
    c.send({ op: 'nope' });
    c.send('hello');
    c.send(op('subscribe', Array.from({ length: 11 }, (_, i) => `orderbook.50.SIM${i}USDT`)));
    await waitFor(() => replies(c).filter((r) => r.success === false).length === 6, { message: 'six refusals' });
    const msgs = replies(c).filter((r) => r.success === false).map((r) => r.ret_msg);
    assert.deepEqual(msgs.slice(0, 5), [
      'error:already subscribed,topic:orderbook.50.BTCUSDT',
      'error:handler not found,topic:orderbook.50.NOPEUSDT',
      'error:handler not found,topic:orderbook.30.BTCUSDT',
      'error:invalid op',
      'Failed to decode incoming data:readObjectStart: expect { or n, but found h',
    ]);
    assert.equal(msgs[5], 'args size >10');
    assert.equal(h.sim!.counters().argsPerMessageBreaches, 1);
    assert.equal(books(c, 'orderbook.50.BTCUSDT').filter((b) => b.type === 'snapshot').length, 1, 'a repeat sends no snapshot');
  });

  test('argument characters over the per-connection budget are refused and counted; unsubscribing frees them', async () => {
    const { wsUrl } = await h.boot({ argsCharsPerConnection: 45 });
    const c = await h.open(wsUrl);
    c.send(op('subscribe', ['orderbook.50.BTCUSDT', 'orderbook.50.ETHUSDT', 'orderbook.50.SOLUSDT']));
    await waitFor(() => replies(c).length === 1, { message: 'reply' });
    assert.match(replies(c)[0]!.ret_msg as string, /^error:args length over 45 characters,topic:orderbook\.50\.SOLUSDT$/);
    assert.equal(h.sim!.counters().argsCharsBreaches, 1);
    assert.equal(h.sim!.subscriptions(), 2);
    c.send(op('unsubscribe', ['orderbook.50.ETHUSDT']));
    c.send(op('subscribe', ['orderbook.50.SOLUSDT']));
    await waitFor(() => replies(c).length === 3, { message: 'two more replies' });
    assert.deepEqual(replies(c).slice(1).map((r) => [r.op, r.success]), [['unsubscribe', true], ['subscribe', true]]);
  });

  test('handshakes over the open limit or the 5-minute rate get 429, counted', async () => {
    const { wsUrl } = await h.boot({ maxConnections: 1, connectionsPerWindow: 2 });
    const a = await h.open(wsUrl);
    assert.equal(await handshakeStatus(wsUrl), 429);
    assert.equal(h.sim!.counters().openConnectionBreaches, 1);
    await a.close();
    await waitFor(() => h.sim!.clients() === 0, { message: 'closed' });
    assert.equal(await handshakeStatus(wsUrl), 101, 'the second connection of the window');
    await waitFor(() => h.sim!.clients() === 0, { message: 'closed again' });
    assert.equal(await handshakeStatus(wsUrl), 429, 'the third in the window');
    assert.equal(h.sim!.counters().connectionRateBreaches, 1);
  });

  test('a connection with no client message and no data for idleCloseMs is closed; pings keep one open', async () => {
    const { wsUrl } = await h.boot({ idleCloseMs: 1_000 });
    const quiet = await h.open(wsUrl);
    const pinging = await h.open(wsUrl);
    const timer = setInterval(() => pinging.send({ op: 'ping' }), 100);
    try {
      await waitFor(() => quiet.closed, { message: 'quiet connection closed' });
      await waitFor(() => replies(pinging).filter((r) => r.ret_msg === 'pong').length >= 30, { message: 'pongs over several idle periods' });
      assert.equal(pinging.closed, false);
      assert.equal(h.sim!.counters().idleCloses, 1);
    } finally { clearInterval(timer); }
  });

  test('faults: a u jump, a restart with u == 1, a snapshot mid-stream; the venue book stays whole', async () => {
    const { wsUrl } = await h.boot({ markets: 3 });
    const c = await h.open(wsUrl);
    c.send(op('subscribe', ['orderbook.50.ETHUSDT']));
    await waitFor(() => books(c, 'orderbook.50.ETHUSDT').length > 5, { message: 'deltas' });
    h.sim!.faults.skipU('ETHUSDT');
    await waitFor(() => {
      const b = books(c, 'orderbook.50.ETHUSDT');
      return b.some((x, i) => i > 0 && x.type === 'delta' && x.data.u > b[i - 1]!.data.u + 1);
    }, { message: 'a jump in u' });
    h.sim!.faults.serviceRestart('ETHUSDT');
    await waitFor(() => books(c, 'orderbook.50.ETHUSDT').some((b) => b.type === 'snapshot' && b.data.u === 1), { message: 'u == 1' });
    await waitFor(() => books(c, 'orderbook.50.ETHUSDT').some((b) => b.type === 'delta' && b.data.u === 2), { message: 'then 2' });
    const n = books(c, 'orderbook.50.ETHUSDT').filter((b) => b.type === 'snapshot').length;
    h.sim!.faults.resnapshot('ETHUSDT');
    await waitFor(() => books(c, 'orderbook.50.ETHUSDT').filter((b) => b.type === 'snapshot').length === n + 1, { message: 'snapshot' });
    assert.throws(() => h.sim!.faults.skipU('NOPE'), RangeError);
  });

  test('options out of range are refused, naming the option and its range', () => {
    assert.throws(() => createBybitSimulator({ levels: 60 }), /levels must be an integer in 4\.\.50, got 60/);
    assert.throws(() => createBybitSimulator({ markets: 0 }), /markets must be an integer in 1\.\.4000/);
    assert.throws(() => createBybitSimulator({ argsPerMessage: 0 }), /argsPerMessage/);
  });
});
