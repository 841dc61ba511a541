// Protocol behaviour of the Lighter client against a scripted venue, frame by frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '@ob/testkit';
import { createLighterFeed, type LighterFeed } from '../src/index';
import {
  delta, fastBackoff, memoryLog, recorder, sent, snapshot, startVenue, type Recorder, type ScriptedVenue,
} from './venue';

async function setup(symbols?: string[]): Promise<{ venue: ScriptedVenue; feed: LighterFeed; rec: Recorder; done: () => Promise<void> }> {
  const venue = await startVenue();
  const feed = createLighterFeed({ wsUrl: venue.wsUrl, restUrl: venue.restUrl, symbols, log: memoryLog(), backoff: fastBackoff });
  const rec = recorder();
  await feed.start(rec);
  await waitFor(() => venue.conns.length === 1 && sent(venue.last(), 'subscribe').length > 0, { message: 'subscribes' });
  return { venue, feed, rec, done: async () => { await feed.stop(); await venue.close(); } };
}

test('subscribes every active market (inactive skipped) and reports the list', async () => {
  const { venue, feed, rec, done } = await setup();
  try {
    await waitFor(() => sent(venue.last(), 'subscribe').length === 3);
    assert.deepEqual(sent(venue.last(), 'subscribe'), ['order_book/0', 'order_book/1', 'order_book/2']);
    assert.deepEqual(feed.markets().map((m) => m.symbol), ['ETH', 'BTC', 'SOL']);
    assert.deepEqual(rec.lists.at(-1)?.map((m) => [m.id, m.symbol, m.priceDecimals, m.sizeDecimals]),
      [[0, 'ETH', 2, 4], [1, 'BTC', 2, 4], [2, 'SOL', 2, 4]]);
    assert.equal(feed.status(), 'connected');
  } finally { await done(); }
});

test('symbols option selects markets', async () => {
  const { venue, feed, done } = await setup(['SOL', 'ETH', 'NOPE']);
  try {
    await waitFor(() => sent(venue.last(), 'subscribe').length === 2);
    assert.deepEqual(sent(venue.last(), 'subscribe'), ['order_book/0', 'order_book/2']);
    assert.deepEqual(feed.available().map((m) => m.symbol), ['ETH', 'BTC', 'SOL']);
  } finally { await done(); }
});

test('snapshot then deltas are delivered in order; a delta before its snapshot is dropped', async () => {
  const { venue, feed, rec, done } = await setup();
  try {
    const c = venue.last();
    c.send(delta(1, 5, 6, [['99.0', '2']]));          // no snapshot yet for BTC: dropped
    c.send(snapshot(1, 10));
    c.send(delta(1, 10, 11, [['99.5', '3']]));
    c.send(delta(1, 11, 12, [], [['101.0', '0']]));
    await waitFor(() => rec.events.length === 3);
    assert.deepEqual(rec.events.map((e) => [e.kind, e.market, e.prevSeq, e.seq]),
      [['snapshot', 1, 0, 10], ['delta', 1, 10, 11], ['delta', 1, 11, 12]]);
    assert.deepEqual(rec.events[1]!.bids, ['99.5', '3']);
    assert.deepEqual(rec.events[2]!.asks, ['101.0', '0']);
    assert.ok(rec.events[0]!.receivedTs > 0);
    const k = feed.counters();
    assert.equal(k.bookEvents, 3);
    assert.equal(k.gaps, 0);
    assert.ok(k.messages >= 5 && k.bytes > 0);
  } finally { await done(); }
});

test('a gap invalidates and resyncs that market alone; the others keep flowing', async () => {
  const { venue, feed, rec, done } = await setup();
  try {
    const c = venue.last();
    c.send(snapshot(0, 100));
    c.send(snapshot(1, 200));
    c.send(delta(1, 200, 201));
    c.send(delta(1, 205, 206));                        // gap: 201 → 205
    c.send(delta(1, 206, 207));                        // after the gap, before the new snapshot: dropped
    c.send(delta(0, 100, 101));                        // ETH unaffected
    await waitFor(() => rec.events.some((e) => e.market === 0 && e.seq === 101));
    await waitFor(() => sent(c, 'unsubscribe').length === 1);
    assert.deepEqual(rec.invalidations, [{ market: 1, reason: 'gap' }]);
    assert.deepEqual(sent(c, 'unsubscribe'), ['order_book/1']);
    // subscribe for BTC a second time, nothing else resubscribed
    await waitFor(() => sent(c, 'subscribe').length === 4);
    assert.deepEqual(sent(c, 'subscribe').slice(3), ['order_book/1']);
    const order = c.received.map((m) => `${m.type} ${m.channel}`);
    assert.ok(order.indexOf('unsubscribe order_book/1') < order.lastIndexOf('subscribe order_book/1'), 'unsubscribe first');
    assert.ok(!rec.events.some((e) => e.market === 1 && e.seq > 201), 'nothing across the gap');

    c.send(snapshot(1, 300));
    c.send(delta(1, 300, 301));
    c.send(delta(0, 101, 102));
    await waitFor(() => rec.events.some((e) => e.market === 1 && e.seq === 301));
    await waitFor(() => rec.events.some((e) => e.market === 0 && e.seq === 102));
    const k = feed.counters();
    assert.equal(k.gaps, 1);
    assert.equal(k.resyncs, 1);
    assert.equal(k.reconnects, 0);
  } finally { await done(); }
});

test('ping is answered with pong', async () => {
  const { venue, done } = await setup();
  try {
    venue.last().send({ type: 'ping' });
    await waitFor(() => venue.last().received.some((m) => m.type === 'pong'));
  } finally { await done(); }
});

test('garbage, unknown types and venue errors are counted and skipped; books untouched', async () => {
  const { venue, feed, rec, done } = await setup();
  try {
    const c = venue.last();
    c.send('not json at all {');
    c.send('{"type":"update/order_book","channel":"order_book:1"}');
    c.send({ type: 'mystery/thing', x: 1 });
    c.send({ type: 'mystery/thing', x: 2 });
    c.send({ type: 'error', message: 'unknown channel' });
    c.ws.send(Buffer.from([0xff, 0xfe, 0x00]), { binary: true });
    c.send({ type: 'ping' });                           // a marker: everything before it was handled
    await waitFor(() => c.received.some((m) => m.type === 'pong'));
    const k = feed.counters();
    assert.equal(k.parseErrors, 3);
    assert.equal(k.unknownTypes, 2);
    assert.equal(k.venueErrors, 1);
    assert.equal(rec.events.length, 0);
    assert.equal(rec.invalidations.length, 0);
    assert.equal(feed.status(), 'connected');
  } finally { await done(); }
});

test('unknown types are logged once per name', async () => {
  const venue = await startVenue();
  const log = memoryLog();
  const feed = createLighterFeed({ wsUrl: venue.wsUrl, restUrl: venue.restUrl, log });
  try {
    await feed.start(recorder());
    for (let i = 0; i < 20; i++) venue.last().send({ type: 'mystery/thing' });
    venue.last().send({ type: 'ping' });
    await waitFor(() => venue.last().received.some((m) => m.type === 'pong'));
    assert.equal(log.lines.filter((l) => l.msg.includes('unknown frame type')).length, 1);
  } finally { await feed.stop(); await venue.close(); }
});

test('a throwing listener does not break the feed', async () => {
  const venue = await startVenue();
  const feed = createLighterFeed({ wsUrl: venue.wsUrl, restUrl: venue.restUrl, log: memoryLog() });
  let calls = 0;
  try {
    await feed.start({ event: () => { calls++; throw new Error('engine bug'); }, invalidate: () => {}, markets: () => {} });
    venue.last().send(snapshot(0, 1));
    venue.last().send(delta(0, 1, 2));
    await waitFor(() => calls === 2);
    assert.equal(feed.status(), 'connected');
  } finally { await feed.stop(); await venue.close(); }
});

test('the listener is woken after a read of events, and not once the feed is stopped', async () => {
  const venue = await startVenue();
  const feed = createLighterFeed({ wsUrl: venue.wsUrl, restUrl: venue.restUrl, log: memoryLog() });
  let events = 0, wakes = 0;
  let stopping: Promise<void> | undefined;
  try {
    await feed.start({
      // The second event stops the feed inside its read: the wake due after that read must not come.
      event: () => { if (++events === 2) stopping = feed.stop(); },
      wake: () => { wakes++; },
      invalidate: () => {}, markets: () => {},
    });
    venue.last().send(snapshot(0, 1));
    // Other frames (the greeting) wake it too; the snapshot's read did once its event is in.
    await waitFor(() => events === 1 && wakes > 0, { message: 'woken after the first read' });
    const before = wakes;
    venue.last().send(delta(0, 1, 2));
    await waitFor(() => stopping !== undefined, { message: 'second event' });
    await stopping;
    assert.equal(feed.status(), 'stopped');
    assert.equal(wakes, before, 'no wake after stop');
  } finally { await feed.stop(); await venue.close(); }
});

test('we send our own ping on the interval', async () => {
  const venue = await startVenue();
  const feed = createLighterFeed({ wsUrl: venue.wsUrl, restUrl: venue.restUrl, log: memoryLog(), pingIntervalMs: 50 });
  try {
    await feed.start(recorder());
    await waitFor(() => venue.last().received.filter((m) => m.type === 'ping').length >= 2);
  } finally { await feed.stop(); await venue.close(); }
});

test('a market without a snapshot after the timeout is resubscribed', async () => {
  const venue = await startVenue();
  const feed = createLighterFeed({
    wsUrl: venue.wsUrl, restUrl: venue.restUrl, symbols: ['BTC'], log: memoryLog(), snapshotTimeoutMs: 100,
  });
  try {
    await feed.start(recorder());
    await waitFor(() => sent(venue.last(), 'unsubscribe').length >= 1);
    assert.ok(sent(venue.last(), 'unsubscribe').every((ch) => ch === 'order_book/1'));
    assert.ok(feed.counters().resyncs >= 1);
  } finally { await feed.stop(); await venue.close(); }
});
