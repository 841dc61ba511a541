// The connection machinery on a fake socket (the `connect` seam) and a manual clock: reconnect
// backoff reset by a healthy handshake (issue 20.6), liveness from our pings answered, and the
// pacer's in-flight budget. Behaviour in clock time, so nothing here depends on the machine's speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVenueFeed, lighterVenue, type Connect } from '../src/index';
import type { ClientWebSocket, WebSocketHandlers } from '../src/ws/web-socket';
import { ManualClock } from './fake-clock';
import { fetchStub, json } from './fetch-stub';
import { listBody, memoryLog, recorder, type VenueMarket } from './venue';

interface FakeSocket { h: WebSocketHandlers; sent: string[]; open: boolean }

/** A venue on fake sockets: `mode` decides how each dial goes; every socket is kept for the test. */
function fakeVenue() {
  const v = {
    mode: 'accept' as 'accept' | 'refuse',
    /** Answer our pings with a pong (else they go unanswered). */
    pong: true,
    /** Answer subscribes with the market's snapshot. */
    snapshots: true,
    sockets: [] as FakeSocket[],
    dials: 0,
    connect: ((_url, _opts, h) => {
      v.dials++;
      const s: FakeSocket = { h, sent: [], open: false };
      v.sockets.push(s);
      const ws: ClientWebSocket = {
        get isOpen() { return s.open; },
        send(text) {
          s.sent.push(text);
          const m = /"type":"(\w+)"(?:,"channel":"order_book\/(\d+)")?/.exec(text);
          if (m?.[1] === 'ping' && v.pong) queueMicrotask(() => s.open && h.message('{"type":"pong"}', 15));
          if (m?.[1] === 'subscribe' && v.snapshots) {
            const id = m[2];
            queueMicrotask(() => s.open && h.message(`{"channel":"order_book:${id}","type":"subscribed/order_book","order_book":{"asks":[],"bids":[],"nonce":1,"begin_nonce":0}}`, 100));
          }
        },
        close() { v.cut(s); },
        terminate() { v.cut(s); },
      };
      queueMicrotask(() => {
        if (v.mode === 'refuse') { h.error(new Error('connection refused')); h.close(1006); return; }
        s.open = true;
        h.open();
        h.message('{"type":"connected","session_id":"x"}', 40);
      });
      return ws;
    }) as Connect,
    cut(s: FakeSocket) {
      if (!s.open) return;
      s.open = false;
      queueMicrotask(() => s.h.close(1006));
    },
  };
  return v;
}

const markets: VenueMarket[] = [{ symbol: 'ETH', market_id: 0, status: 'active' }, { symbol: 'BTC', market_id: 1, status: 'active' }];

function setup(opts: Partial<Parameters<typeof createVenueFeed>[1]> = {}) {
  const clock = new ManualClock();
  const venue = fakeVenue();
  const rest = fetchStub(() => json(JSON.stringify(listBody(markets))));
  const feed = createVenueFeed(lighterVenue, {
    wsUrl: 'ws://fake/stream', restUrl: 'http://fake/api/v1/orderBookDetails', log: memoryLog(), clock,
    connect: venue.connect, fetch: rest.fetch, backoff: { random: () => 0.999 }, ...opts,
  });
  return { clock, venue, feed };
}

test('issue 20.6: after a storm of refused dials, a healthy handshake resets the backoff; the next drop reconnects at the base delay', async () => {
  const { clock, venue, feed } = setup();
  venue.mode = 'refuse';
  void feed.start(recorder());
  // Seven refused dials: the backoff has doubled to its cap (30 s).
  for (let i = 0; i < 1_000 && venue.dials < 7; i++) await clock.advance(1_000);
  assert.equal(venue.dials, 7);
  venue.mode = 'accept';
  for (let i = 0; i < 100 && !feed.view().connections[0]!.state.startsWith('open'); i++) await clock.advance(1_000);
  assert.equal(feed.view().connections[0]!.state, 'open', 'the venue is back');
  const dials = venue.dials;
  // The venue drops the healthy connection: we are back within the base delay (500 ms), not the 30 s reached.
  venue.cut(venue.sockets.at(-1)!);
  await clock.advance(600);
  assert.equal(venue.dials, dials + 1, 'redialled at the base delay');
  assert.equal(feed.view().connections[0]!.state, 'open');
  await feed.stop();
});

test('pings never answered cut the connection after the pong timeout; the greeting made each handshake healthy, so redials stay quick', async () => {
  const { clock, venue, feed } = setup({ pingIntervalMs: 1_000, pongTimeoutMs: 1_000 });
  venue.pong = false;
  venue.snapshots = false;
  // Sockets open, the greeting is the only frame; then nothing answers our pings.
  void feed.start(recorder());
  // Each cycle: ping at 1 s, cut at 2 s, redial after the base delay. Four cycles in 12 s of clock.
  for (let i = 0; i < 24 && venue.dials < 4; i++) await clock.advance(500);
  assert.ok(venue.dials >= 4, 'unanswered pings cut the connection and it is redialled');
  assert.ok(feed.counters().reconnects >= 3);
  await feed.stop();
});

test('quiet markets: pings answered keep one connection alive through many idle periods, no reconnect', async () => {
  const { clock, venue, feed } = setup({ limits: { idleCloseMs: 3_000 }, pongTimeoutMs: 500 });
  void feed.start(recorder());
  await clock.advance(100);
  assert.equal(venue.dials, 1);
  // Twenty idle periods of the venue's with no market traffic at all.
  for (let i = 0; i < 60; i++) await clock.advance(1_000);
  assert.equal(venue.dials, 1);
  assert.equal(feed.counters().reconnects, 0);
  const pings = venue.sockets[0]!.sent.filter((t) => t === '{"type":"ping"}').length;
  assert.ok(pings >= 60, `we pinged at most a third of the idle close apart (${pings} pings)`);
  // Now the venue stops answering: the connection is cut after the pong timeout, then redialled.
  venue.pong = false;
  for (let i = 0; i < 20 && venue.dials < 2; i++) await clock.advance(500);
  assert.equal(venue.dials, 2);
  await feed.stop();
});

test('the in-flight budget: subscribes wait for answers, never more than 70 % of the venue\'s limit out at once', async () => {
  const many: VenueMarket[] = Array.from({ length: 60 }, (_, i) => ({ symbol: `M${i}`, market_id: i, status: 'active' }));
  const clock = new ManualClock();
  const venue = fakeVenue();
  venue.snapshots = false;
  const rest = fetchStub(() => json(JSON.stringify(listBody(many))));
  const feed = createVenueFeed(lighterVenue, {
    wsUrl: 'ws://fake/stream', restUrl: 'http://fake/x', log: memoryLog(), clock, connect: venue.connect, fetch: rest.fetch,
    marketsPerConnection: 100, limits: { messagesInFlight: 10, subscriptionsPerConnection: 100 },
  });
  void feed.start(recorder());
  await clock.advance(1_000);
  const subs = () => venue.sockets[0]!.sent.filter((t) => t.includes('"subscribe"')).length;
  assert.equal(subs(), 7, '70 % of 10 in flight');
  assert.equal(feed.view().budget.inFlight, 7);
  // Answers free slots: each snapshot lets one more subscribe out.
  const s = venue.sockets[0]!;
  for (const id of [0, 1, 2]) s.h.message(`{"channel":"order_book:${id}","type":"subscribed/order_book","order_book":{"asks":[],"bids":[],"nonce":1,"begin_nonce":0}}`, 100);
  await clock.advance(10);
  assert.equal(subs(), 10);
  assert.equal(feed.view().budget.inFlight, 7);
  await feed.stop();
});
