// The production Binance USD-M feed (its module on connection/) end to end against its simulator
// (real HTTP + WS, every limit it enforces at the venue's value unless a test scales it): the
// documented REST-snapshot sync builds books equal to the venue's, a broken pu chain resyncs that
// market alone with one REST snapshot and no resubscribe, stale and delayed snapshots are
// survived, malformed frames are counted and skipped, a reconnect resyncs everything, and
// snapshots stay inside the REST weight.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '@ob/testkit';
import { createBinanceUsdmSimulator, type BinanceSimulatorOptions, type BinanceUsdmSimulator } from '@ob/simulator';
import { binanceUsdm, createVenueFeed, type VenueFeed } from '../src/index';
import { CheckedBooks, equalWhilePaused } from './drivers/checked-books';
import { fastBackoff, memoryLog } from './venue';

const open: Array<{ stop(): Promise<void> }> = [];
after(async () => { for (const o of open.reverse()) await o.stop(); });

interface Setup { sim: BinanceUsdmSimulator; feed: VenueFeed; venue: binanceUsdm.BinanceUsdmVenue; books: CheckedBooks; ids: number[] }

async function setup(simOpts: BinanceSimulatorOptions = {}, snapshotWeight?: { perMinute: number; burst: number }): Promise<Setup> {
  const sim = createBinanceUsdmSimulator({ port: 0, rate: 1_500, markets: 6, levels: 40, seed: 3, ...simOpts });
  const urls = await sim.start();
  open.push(sim);
  const venue = binanceUsdm.createBinanceUsdmVenue(snapshotWeight ? { snapshotWeight } : {});
  const feed = createVenueFeed(venue, { wsUrl: urls.wsUrl, restUrl: urls.restUrl, log: memoryLog(), backoff: fastBackoff });
  const books = new CheckedBooks();
  await feed.start({ event: (ev) => books.apply(ev), invalidate: (m, reason) => books.invalidate(m, reason), markets: () => {} });
  open.push(feed);
  return { sim, feed, venue, books, ids: feed.markets().map((m) => m.id) };
}

const idOf = (s: Setup, symbol: string) => s.venue.ids.find(symbol);

const booksEqualTruth = (s: Setup) => equalWhilePaused(s.sim, s.books, s.ids, (id) => {
  const t = s.sim.trueBook(s.venue.ids.symbolOf(id)!);
  return { seq: t.lastUpdateId, bids: t.bids, asks: t.asks };
});

/** Every limit the simulator enforces, as breached: none may be. */
const breaches = (sim: BinanceUsdmSimulator) => {
  const c = sim.counters();
  return Object.entries({ rateBreaches: c.rateBreaches, streamBreaches: c.streamBreaches, pongTimeouts: c.pongTimeouts, connectionBreaches: c.connectionBreaches, rateLimited: c.rateLimited, banned: c.banned })
    .filter(([, n]) => n > 0);
};

test('snapshot then deltas: every book equals the venue, sequence included, nothing applied while invalid', async () => {
  const s = await setup();
  assert.deepEqual(s.feed.markets().map((m) => m.symbol).sort(), s.sim.symbols().slice().sort());
  await waitFor(() => s.books.allValid(s.ids), { message: 'a synced book per market' });
  await waitFor(() => s.books.delivered > s.ids.length * 20, { message: 'deltas flowing' });
  await booksEqualTruth(s);
  assert.deepEqual(s.books.violations, []);
  assert.equal(s.feed.counters().gaps, 0);
  assert.equal(s.feed.counters().snapshotRequests, s.ids.length, 'one snapshot per market');
  assert.equal(s.feed.status(), 'connected');
  assert.deepEqual(breaches(s.sim), []);
});

test('a broken pu chain resyncs that market alone, from one REST snapshot and without resubscribing', async () => {
  const s = await setup();
  await waitFor(() => s.books.allValid(s.ids));
  const eth = idOf(s, 'ETHUSDT');
  const before = { ...s.feed.counters() };
  s.sim.faults.breakPu('ETHUSDT');
  await waitFor(() => s.feed.counters().gaps === 1 && s.books.valid.get(eth) === true, { message: 'gap seen and resynced' });
  assert.deepEqual(s.books.invalidations, [[eth, 'gap']]);
  const after = s.feed.counters();
  assert.equal(after.snapshotRequests, before.snapshotRequests + 1, 'one new snapshot, for ETHUSDT');
  assert.equal(after.resyncs, before.resyncs + 1);
  assert.deepEqual([after.subscribes, after.unsubscribes], [before.subscribes, before.unsubscribes], 'the stream was kept');
  for (const id of s.ids) assert.equal(s.books.snapshots.get(id), id === eth ? 2 : 1, `snapshots of ${id}`);
  await booksEqualTruth(s);
  assert.deepEqual(s.books.violations, []);
  assert.deepEqual(breaches(s.sim), []);
});

test('a snapshot older than the buffered events is refused and fetched again; delayed ones still sync', async () => {
  const s = await setup({ markets: 3 });
  await waitFor(() => s.books.allValid(s.ids));
  s.sim.faults.staleSnapshots(['SOLUSDT']);
  s.sim.faults.delaySnapshots(300);
  s.sim.faults.breakPu('SOLUSDT');
  await waitFor(() => (s.feed.venueCounters().staleSnapshots ?? 0) >= 1 && s.books.valid.get(idOf(s, 'SOLUSDT')) === true,
    { message: 'stale snapshot refused, then synced' });
  assert.equal(s.sim.counters().staleSnapshots, 1);
  await booksEqualTruth(s);
  assert.deepEqual(s.books.violations, []);
});

test('malformed frames are counted and skipped; books stay equal and continuous', async () => {
  const s = await setup({ markets: 3 });
  await waitFor(() => s.books.allValid(s.ids));
  s.sim.faults.sendGarbage(24);
  await waitFor(() => s.feed.counters().parseErrors + s.feed.counters().unknownTypes >= 24, { message: 'garbage counted' });
  assert.equal(s.feed.counters().parseErrors, 20, 'the 10 malformed variants, twice');
  assert.equal(s.feed.counters().unknownTypes, 4, 'aggTrade and markPriceUpdate, twice');
  assert.equal(s.feed.counters().gaps, 0, 'none of it was taken as a book event');
  await booksEqualTruth(s);
});

test('a dropped connection: every market invalidated, resubscribed, resnapshotted, equal again', async () => {
  const s = await setup({ markets: 4 });
  await waitFor(() => s.books.allValid(s.ids));
  s.sim.faults.dropConnections();
  await waitFor(() => s.feed.counters().reconnects === 1 && s.books.allValid(s.ids), { message: 'reconnected and synced' });
  for (const id of s.ids) assert.equal(s.books.snapshots.get(id), 2);
  assert.equal(s.books.invalidations.filter(([, r]) => r === 'disconnect').length, s.ids.length);
  await booksEqualTruth(s);
  assert.deepEqual(s.books.violations, []);
});

test('a reconnect of many symbols is paced under the REST weight: no 429, no 418', async () => {
  // 2 s windows of 600 weight; the budget grants 200 a second plus a burst of 200: at most 600 in any 2 s.
  const s = await setup({ markets: 40, rate: 800, weightLimit: 600, weightWindowMs: 2_000 }, { perMinute: 12_000, burst: 200 });
  await waitFor(() => s.books.allValid(s.ids), { timeoutMs: 60_000, message: '40 synced' });
  s.sim.faults.dropConnections();
  await waitFor(() => s.feed.counters().reconnects === 1 && s.books.allValid(s.ids), { timeoutMs: 60_000, message: '40 resynced' });
  assert.equal(s.sim.counters().weightUsed, 1 + 80 * 20, 'the market list, then one snapshot per symbol per sync: nothing wasted');
  assert.deepEqual(breaches(s.sim), []);
  await booksEqualTruth(s);
});

test('429 with Retry-After pauses every snapshot; the venue never bans us', async () => {
  // A budget far above the venue's limit: only the 429s hold it back.
  const s = await setup({ markets: 16, rate: 600, weightLimit: 100, weightWindowMs: 1_000 }, { perMinute: 1_000_000, burst: 2_000 });
  await waitFor(() => s.books.allValid(s.ids), { timeoutMs: 60_000, message: 'synced through the 429s' });
  assert.ok(s.sim.counters().rateLimited >= 1, 'the venue did say stop');
  assert.ok((s.feed.venueCounters()['rest.pauses'] ?? 0) >= 1);
  assert.equal(s.sim.counters().banned, 0, 'and we listened');
  await booksEqualTruth(s);
});

test('subscribes are paced per connection under the venue\'s messages a second', async () => {
  // One market a SUBSCRIBE on one socket, and a venue that disconnects past 3 messages a
  // second: sent at once, the five subscribes would cost the connection.
  const sim = createBinanceUsdmSimulator({ port: 0, rate: 400, markets: 5, levels: 20, seed: 4, messagesPerSecond: 3 });
  const urls = await sim.start();
  open.push(sim);
  const feed = createVenueFeed(binanceUsdm.createBinanceUsdmVenue(), {
    wsUrl: urls.wsUrl, restUrl: urls.restUrl, log: memoryLog(), backoff: fastBackoff, limits: { messagesPerSecond: 3, marketsPerMessage: 1 },
  });
  const books = new CheckedBooks();
  await feed.start({ event: (ev) => books.apply(ev), invalidate: (m, r) => books.invalidate(m, r), markets: () => {} });
  open.push(feed);
  const ids = feed.markets().map((m) => m.id);
  await waitFor(() => books.allValid(ids), { message: 'every market synced' });
  assert.equal(feed.view().connections.length, 1);
  assert.equal(feed.counters().subscribes, 5, 'one message per market');
  assert.equal(feed.counters().reconnects, 0);
  assert.deepEqual(breaches(sim), []);
});
