// The simulated Hyperliquid on the wire, with plain ws clients: its REST and WS protocol and
// each documented limit enforced as the venue enforces it, every breach counted.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { waitFor } from '@ob/testkit';
import { createHyperliquidSimulator, type HyperliquidSimulatorOptions } from '../src/index';
import { parse, type TestClient } from './helpers';
import { handshakeStatus, venueHarness } from './venue-harness';

const sub = (coin: string, method = 'subscribe') => ({ method, subscription: { type: 'l2Book', coin } });
const channelOf = (f: string) => parse(f)?.channel;
const errorTexts = (c: TestClient) => c.frames.filter((f) => channelOf(f) === 'error').map((f) => parse(f)!.data as string);
const DEC = /^\d+(\.\d+)?$/;

describe('simulated hyperliquid', () => {
  const h = venueHarness((o: HyperliquidSimulatorOptions = {}) => createHyperliquidSimulator({ rate: 300, cadenceMs: 20, ...o }));
  afterEach(h.cleanup);

  test('POST /info meta lists the universe with delisted coins in place; other requests are refused', async () => {
    const { restUrl } = await h.boot();
    const res = await fetch(restUrl, { method: 'POST', body: '{"type":"meta"}', headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 200);
    const body = await res.json() as { universe: { name: string; szDecimals: number; isDelisted?: boolean }[] };
    assert.ok(body.universe.some((u) => u.isDelisted === true), 'a delisted coin is listed');
    assert.deepEqual(body.universe.filter((u) => !u.isDelisted).map((u) => u.name), h.sim!.markets().map((m) => m.symbol));
    assert.deepEqual(body.universe.map((_, i) => i).filter((i) => !body.universe[i]!.isDelisted), h.sim!.markets().map((m) => m.id));
    assert.equal((await fetch(restUrl)).status, 405);
    assert.equal((await fetch(restUrl, { method: 'POST', body: '{"type":"nope"}' })).status, 422);
  });

  test('REST weight over the budget gets 429, counted', async () => {
    const { restUrl } = await h.boot({ restWeightPerMinute: 60 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(restUrl, { method: 'POST', body: '{"type":"meta"}' })).status);
    assert.deepEqual(statuses, [200, 200, 200, 429], 'meta weighs 20 of 60');
    assert.equal(h.sim!.counters().restWeightBreaches, 1);
  });

  test('greeting, subscribe ack then a whole book, repeat and unknown subscriptions refused, ping answered', async () => {
    const { wsUrl } = await h.boot();
    const c = await h.open(wsUrl);
    await c.waitFrame((f) => f === 'Websocket connection established.', 0, 'greeting');
    c.send(sub('BTC'));
    const ack = await c.waitFrame((f) => channelOf(f) === 'subscriptionResponse', 0, 'ack');
    assert.deepEqual(parse(c.frames[ack]!)!.data, { method: 'subscribe', subscription: { type: 'l2Book', coin: 'BTC', nSigFigs: null, mantissa: null } });
    const first = await c.waitFrame((f) => channelOf(f) === 'l2Book', ack, 'book');
    const data = parse(c.frames[first]!)!.data as { coin: string; time: number; levels: { px: string; sz: string; n: number }[][] };
    assert.equal(data.coin, 'BTC');
    assert.equal(data.levels.length, 2);
    assert.equal(data.levels[0]!.length, 20, '20 levels a side');
    for (const side of data.levels) for (const l of side) assert.ok(DEC.test(l.px) && DEC.test(l.sz) && Number.isInteger(l.n));
    assert.ok(Number(data.levels[0]![0]!.px) < Number(data.levels[1]![0]!.px), 'not crossed');
    const t = h.sim!.trueBook(h.sim!.markets().find((m) => m.symbol === 'BTC')!.id)!;
    assert.ok(t.time >= data.time);
    c.send(sub('BTC'));
    c.send(sub('NOPE'));
    c.send(sub('ETH', 'unsubscribe'));
    c.send({ method: 'ping' });
    c.send('hello');
    await c.waitFrame((f) => channelOf(f) === 'pong', 0, 'pong');
    await waitFor(() => errorTexts(c).length === 4, { message: 'four errors' });
    const errs = errorTexts(c);
    assert.match(errs[0]!, /^Already subscribed: \{"type":"l2Book","coin":"BTC"/);
    assert.match(errs[1]!, /^Invalid subscription \{"type":"l2Book","coin":"NOPE"\}/);
    assert.match(errs[2]!, /^Already unsubscribed: \{"type":"l2Book","coin":"ETH"/);
    assert.match(errs[3]!, /hello/);
  });

  test('books published later carry rising times, and unsubscribe stops them', async () => {
    const { wsUrl } = await h.boot();
    const c = await h.open(wsUrl);
    c.send(sub('ETH'));
    await waitFor(() => c.frames.filter((f) => channelOf(f) === 'l2Book').length >= 5, { message: 'books' });
    const times = c.frames.filter((f) => channelOf(f) === 'l2Book').map((f) => (parse(f)!.data as { time: number }).time);
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! > times[i - 1]!, 'time rises per coin');
    c.send(sub('ETH', 'unsubscribe'));
    await c.waitFrame((f) => f.includes('"method":"unsubscribe"'), 0, 'unsubscribe ack');
    await waitFor(() => h.sim!.subscriptions() === 0, { message: 'no subscription left' });
  });

  test('subscriptions over the per-IP limit are refused across connections, counted', async () => {
    const { wsUrl } = await h.boot({ maxSubscriptions: 3 });
    const a = await h.open(wsUrl);
    const b = await h.open(wsUrl);
    a.send(sub('BTC')); a.send(sub('ETH'));
    await waitFor(() => h.sim!.subscriptions() === 2, { message: 'two subscriptions' });
    b.send(sub('SOL')); b.send(sub('HYPE'));
    await waitFor(() => errorTexts(b).length === 1, { message: 'limit error' });
    assert.equal(errorTexts(b)[0], 'Cannot subscribe to more than 3 channels.');
    assert.equal(h.sim!.counters().subscriptionLimitBreaches, 1);
    assert.equal(h.sim!.subscriptions(), 3);
  });

  test('messages over the per-minute budget are refused and counted', async () => {
    const { wsUrl } = await h.boot({ messagesPerMinute: 5 });
    const c = await h.open(wsUrl);
    for (let i = 0; i < 7; i++) c.send({ method: 'ping' });
    await waitFor(() => errorTexts(c).length === 2, { message: 'two refusals' });
    assert.equal(c.frames.filter((f) => channelOf(f) === 'pong').length, 5);
    assert.equal(errorTexts(c)[0], 'Cannot send more than 5 messages per minute.');
    assert.equal(h.sim!.counters().messageRateBreaches, 2);
  });

  test('handshakes over the open-connection limit or the new-connection rate get 429, counted', async () => {
    const { wsUrl } = await h.boot({ maxConnections: 2, connectionsPerMinute: 3 });
    const a = await h.open(wsUrl);
    await h.open(wsUrl);
    assert.equal(await handshakeStatus(wsUrl), 429, 'third open connection');
    assert.equal(h.sim!.counters().openConnectionBreaches, 1);
    await a.close();
    await waitFor(() => h.sim!.clients() === 1, { message: 'one left' });
    const third = await h.open(wsUrl); // the third new connection this minute
    await third.close();
    await waitFor(() => h.sim!.clients() === 1, { message: 'one left again' });
    assert.equal(await handshakeStatus(wsUrl), 429, 'fourth new connection this minute');
    assert.equal(h.sim!.counters().connectionRateBreaches, 1);
  });

  test('the server closes a connection it has sent nothing to for idleCloseMs; pings keep one open', async () => {
    const { wsUrl } = await h.boot({ idleCloseMs: 1_000, cadenceMs: 3_600_000 });
    const quiet = await h.open(wsUrl);
    const pinging = await h.open(wsUrl);
    pinging.send(sub('BTC'));
    quiet.send(sub('ETH'));
    const timer = setInterval(() => pinging.send({ method: 'ping' }), 100);
    try {
      await waitFor(() => quiet.closed, { message: 'quiet connection closed' });
      const pongs = () => pinging.frames.filter((f) => channelOf(f) === 'pong').length;
      await waitFor(() => pongs() >= 30, { message: 'pings answered for several idle periods' });
      assert.equal(pinging.closed, false);
      assert.equal(h.sim!.counters().idleCloses, 1);
    } finally { clearInterval(timer); }
  });

  test('options out of range are refused, naming the option and its range', () => {
    assert.throws(() => createHyperliquidSimulator({ cadenceMs: 0 }), /cadenceMs must be an integer in 1\.\.3600000, got 0/);
    assert.throws(() => createHyperliquidSimulator({ markets: 5000 }), /markets must be an integer in 1\.\.4000/);
    assert.throws(() => createHyperliquidSimulator({ maxSubscriptions: 0 }), /maxSubscriptions/);
  });
});
