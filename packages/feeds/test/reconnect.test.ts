// Reliability of the Lighter client: reconnects, watchdog, oversize frames, REST failures,
// stop() and setMarkets(), against a scripted venue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '@ob/testkit';
import { createLighterFeed, MAX_FRAME_BYTES } from '../src/index';
import { defaultMarkets, delta, fastBackoff, listBody, memoryLog, recorder, sent, snapshot, startVenue } from './venue';

test('server drops the connection: every market invalidated, reconnect, resubscribe, resnapshot', async () => {
  const venue = await startVenue();
  const feed = createLighterFeed({ wsUrl: venue.wsUrl, restUrl: venue.restUrl, log: memoryLog(), backoff: fastBackoff });
  const rec = recorder();
  try {
    await feed.start(rec);
    const first = venue.last();
    first.send(snapshot(0, 10));
    first.send(snapshot(1, 20));
    await waitFor(() => rec.events.length === 2);
    first.ws.terminate();
    await waitFor(() => venue.conns.length === 2 && sent(venue.last(), 'subscribe').length === 3, { message: 'resubscribed' });
    assert.deepEqual(rec.invalidations.map((i) => `${i.market}:${i.reason}`).sort(), ['0:disconnect', '1:disconnect', '2:disconnect']);
    // Old continuity is gone: a delta continuing the old nonce is dropped until the new snapshot.
    const second = venue.last();
    second.send(delta(0, 10, 11));
    second.send(snapshot(0, 50));
    second.send(delta(0, 50, 51));
    await waitFor(() => rec.events.length === 4);
    assert.deepEqual(rec.events.slice(2).map((e) => [e.kind, e.seq]), [['snapshot', 50], ['delta', 51]]);
    assert.equal(feed.counters().reconnects, 1);
    assert.equal(feed.status(), 'connected');
  } finally { await feed.stop(); await venue.close(); }
});

test('the market list is refreshed on a schedule: a new listing is subscribed, a delisted one unsubscribed, no reconnect', async () => {
  const venue = await startVenue();
  const feed = createLighterFeed({ wsUrl: venue.wsUrl, restUrl: venue.restUrl, log: memoryLog(), backoff: fastBackoff, marketsRefreshMs: 100 });
  const rec = recorder();
  try {
    await feed.start(rec);
    await waitFor(() => sent(venue.last(), 'subscribe').length === 3);
    venue.last().send(snapshot(2, 5));
    await waitFor(() => rec.events.length === 1);
    venue.rest.body = listBody([...defaultMarkets.filter((m) => m.symbol !== 'SOL'), { symbol: 'HYPE', market_id: 24, status: 'active' }]);
    await waitFor(() => sent(venue.last(), 'subscribe').length === 4 && sent(venue.last(), 'unsubscribe').length === 1);
    assert.deepEqual(sent(venue.last(), 'subscribe').at(-1), 'order_book/24');
    assert.deepEqual(sent(venue.last(), 'unsubscribe'), ['order_book/2']);
    assert.deepEqual(rec.invalidations, [{ market: 2, reason: 'resubscribe' }], 'SOL stops being written; its key expires');
    assert.deepEqual(rec.lists.at(-1)?.map((m) => m.symbol), ['ETH', 'BTC', 'HYPE']);
    assert.equal(venue.conns.length, 1);
    assert.equal(feed.counters().reconnects, 0);
  } finally { await feed.stop(); await venue.close(); }
});

test('an oversize frame is counted and the client reconnects', async () => {
  const venue = await startVenue();
  const feed = createLighterFeed({
    wsUrl: venue.wsUrl, restUrl: venue.restUrl, log: memoryLog(), backoff: fastBackoff, maxFrameBytes: 1024,
  });
  const rec = recorder();
  try {
    await feed.start(rec);
    venue.last().send(snapshot(0, 1));
    await waitFor(() => rec.events.length === 1);
    venue.last().send(`{"type":"pad","x":"${'a'.repeat(2048)}"}`);
    await waitFor(() => venue.conns.length === 2 && sent(venue.last(), 'subscribe').length === 3);
    assert.equal(feed.counters().oversizeFrames, 1);
    assert.equal(feed.counters().unknownTypes, 0, 'the oversize frame was never parsed');
    assert.ok(rec.invalidations.some((i) => i.market === 0 && i.reason === 'disconnect'));
    assert.ok(MAX_FRAME_BYTES >= 1024 * 1024, 'the default cap leaves room for a full book');
  } finally { await feed.stop(); await venue.close(); }
});

test('a ping not answered (no pong, no frame) within the pong timeout terminates and reconnects', async () => {
  const venue = await startVenue();
  const feed = createLighterFeed({
    wsUrl: venue.wsUrl, restUrl: venue.restUrl, log: memoryLog(), backoff: fastBackoff, pingIntervalMs: 50, pongTimeoutMs: 150,
  });
  try {
    await feed.start(recorder());
    await waitFor(() => venue.conns.length >= 2, { message: 'reconnect after an unanswered ping' });
    assert.ok(venue.conns[0]!.received.some((m) => m.type === 'ping'), 'we pinged first');
    assert.ok(feed.counters().reconnects >= 1);
  } finally { await feed.stop(); await venue.close(); }
});

test('REST failure at start: status connecting, retries with backoff, then connects', async () => {
  const venue = await startVenue();
  venue.rest = { status: 503, body: 'down' };
  const log = memoryLog();
  const feed = createLighterFeed({ wsUrl: venue.wsUrl, restUrl: venue.restUrl, log, backoff: fastBackoff });
  const rec = recorder();
  let started = false;
  try {
    const starting = feed.start(rec).then(() => { started = true; });
    await waitFor(() => venue.restHits >= 3, { message: 'REST retried' });
    assert.equal(feed.status(), 'connecting');
    assert.equal(started, false);
    assert.equal(venue.conns.length, 0);
    venue.rest = { status: 200, body: { code: 200, order_books: 'nope' } };   // malformed: still refused
    const hits = venue.restHits;
    await waitFor(() => venue.restHits > hits + 1);
    assert.equal(started, false);
    venue.rest = { status: 200, body: listBody(defaultMarkets) };
    await starting;
    assert.equal(feed.status(), 'connected');
    assert.ok(log.lines.some((l) => l.level === 'warn' && l.msg.includes('market list')));
  } finally { await feed.stop(); await venue.close(); }
});

test('unreachable venue: backs off, never throws, stop() ends it', async () => {
  const venue = await startVenue();
  const wsUrl = venue.wsUrl.replace('/stream', '/nowhere');   // the server answers 400 to this path
  const feed = createLighterFeed({ wsUrl, restUrl: venue.restUrl, log: memoryLog(), backoff: fastBackoff });
  try {
    const starting = feed.start(recorder());
    await waitFor(() => feed.counters().reconnects >= 2);
    assert.equal(feed.status(), 'connecting');
    await feed.stop();
    await starting;   // start() settles when stopped
    assert.equal(feed.status(), 'stopped');
  } finally { await feed.stop(); await venue.close(); }
});

test('stop(): socket closed, no reconnect, no listener call afterwards', async () => {
  const venue = await startVenue();
  const feed = createLighterFeed({ wsUrl: venue.wsUrl, restUrl: venue.restUrl, log: memoryLog(), backoff: fastBackoff });
  let callsAfterStop = 0;
  let stoppedAt = false;
  const rec = recorder();
  const spy = {
    event: (e: Parameters<typeof rec.event>[0]) => { if (stoppedAt) callsAfterStop++; rec.event(e); },
    invalidate: (m: number, r: Parameters<typeof rec.invalidate>[1]) => { if (stoppedAt) callsAfterStop++; rec.invalidate(m, r); },
    markets: (l: Parameters<typeof rec.markets>[0]) => { if (stoppedAt) callsAfterStop++; rec.markets(l); },
  };
  try {
    await feed.start(spy);
    const c = venue.last();
    c.send(snapshot(0, 1));
    await waitFor(() => rec.events.length === 1);
    await feed.stop();
    stoppedAt = true;
    assert.equal(feed.status(), 'stopped');
    await waitFor(() => c.ws.readyState === c.ws.CLOSED);
    c.send(delta(0, 1, 2));
    feed.setMarkets(['ETH']);
    assert.equal(venue.conns.length, 1);
    assert.equal(callsAfterStop, 0);
    await feed.stop();   // idempotent
  } finally { await venue.close(); }
});

test('setMarkets diffs the subscription without reconnecting', async () => {
  const venue = await startVenue();
  const feed = createLighterFeed({ wsUrl: venue.wsUrl, restUrl: venue.restUrl, symbols: ['ETH', 'BTC'], log: memoryLog() });
  const rec = recorder();
  try {
    await feed.start(rec);
    const c = venue.last();
    await waitFor(() => sent(c, 'subscribe').length === 2);
    c.send(snapshot(0, 1));
    c.send(snapshot(1, 1));
    await waitFor(() => rec.events.length === 2);
    feed.setMarkets(['BTC', 'SOL']);
    await waitFor(() => sent(c, 'subscribe').length === 3 && sent(c, 'unsubscribe').length === 1);
    assert.deepEqual(sent(c, 'unsubscribe'), ['order_book/0']);
    assert.equal(sent(c, 'subscribe')[2], 'order_book/2');
    assert.deepEqual(rec.invalidations, [{ market: 0, reason: 'resubscribe' }]);
    assert.deepEqual(feed.markets().map((m) => m.symbol), ['BTC', 'SOL']);
    assert.deepEqual(rec.lists.at(-1)?.map((m) => m.symbol), ['BTC', 'SOL']);
    // ETH frames still in flight are dropped; BTC keeps its continuity; SOL starts at its snapshot.
    c.send(delta(0, 1, 2));
    c.send(delta(1, 1, 2));
    c.send(snapshot(2, 7));
    await waitFor(() => rec.events.length === 4);
    assert.deepEqual(rec.events.slice(2).map((e) => [e.market, e.seq]), [[1, 2], [2, 7]]);
    feed.setMarkets([]);   // empty = every active market
    await waitFor(() => sent(c, 'subscribe').length === 4);
    assert.equal(sent(c, 'subscribe')[3], 'order_book/0');
    assert.equal(venue.conns.length, 1);
    assert.equal(feed.counters().reconnects, 0);
  } finally { await feed.stop(); await venue.close(); }
});
