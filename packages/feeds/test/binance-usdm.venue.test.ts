// The Binance USD-M venue module end to end against its simulator (real HTTP + WS): the
// documented REST-snapshot sync builds books equal to the venue's, a broken pu chain resyncs
// that market alone, stale and delayed snapshots are survived, malformed frames are counted and
// skipped, a reconnect resyncs everything, and snapshots stay inside the REST weight.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '@ob/testkit';
import { createBinanceUsdmSimulator, type BinanceSimulatorOptions, type BinanceUsdmSimulator } from '@ob/simulator';
import { binanceUsdm } from '../src/index';
import { startBinanceDriver } from './drivers/binance-driver';
import { equalWhilePaused } from './drivers/checked-books';

const { RestWeightBudget } = binanceUsdm;
type RestWeightBudget = binanceUsdm.RestWeightBudget;

type Driver = Awaited<ReturnType<typeof startBinanceDriver>>;
const open: Array<{ stop(): Promise<void> }> = [];
after(async () => { for (const o of open.reverse()) await o.stop(); });

async function setup(simOpts: BinanceSimulatorOptions = {}, budget?: RestWeightBudget) {
  const sim = createBinanceUsdmSimulator({ port: 0, rate: 1_500, markets: 6, levels: 40, seed: 3, ...simOpts });
  const urls = await sim.start();
  open.push(sim);
  const d = await startBinanceDriver({ wsUrl: urls.wsUrl, restUrl: urls.restUrl, budget });
  open.push(d);
  return { sim, d };
}

const truthOf = (sim: BinanceUsdmSimulator, d: Driver) => (id: number) => {
  const t = sim.trueBook(d.venue.ids.symbolOf(id)!);
  return { seq: t.lastUpdateId, bids: t.bids, asks: t.asks };
};

const booksEqualTruth = (sim: BinanceUsdmSimulator, d: Driver) => equalWhilePaused(sim, d.books, d.ids, truthOf(sim, d));

test('snapshot then deltas: every book equals the venue, sequence included, nothing applied while invalid', async () => {
  const { sim, d } = await setup();
  assert.deepEqual(d.markets.map((m) => m.symbol).sort(), sim.symbols().slice().sort());
  await waitFor(() => d.books.allValid(d.ids), { message: 'a synced book per market' });
  await waitFor(() => d.books.delivered > d.ids.length * 20, { message: 'deltas flowing' });
  await booksEqualTruth(sim, d);
  assert.deepEqual(d.books.violations, []);
  assert.equal(d.counters.gaps, 0);
  assert.equal(sim.counters().rateLimited + sim.counters().banned, 0);
});

test('a broken pu chain resyncs that market alone; the others are never invalidated', async () => {
  const { sim, d } = await setup();
  await waitFor(() => d.books.allValid(d.ids));
  const eth = d.idOf('ETHUSDT');
  const before = d.counters.snapshotsRequested;
  sim.faults.breakPu('ETHUSDT');
  await waitFor(() => d.counters.gaps === 1 && d.books.valid.get(eth) === true, { message: 'gap seen and resynced' });
  assert.deepEqual(d.books.invalidations, [[eth, 'gap']]);
  assert.equal(d.counters.snapshotsRequested, before + 1, 'one new snapshot, for ETHUSDT');
  for (const id of d.ids) assert.equal(d.books.snapshots.get(id), id === eth ? 2 : 1, `snapshots of ${id}`);
  await booksEqualTruth(sim, d);
  assert.deepEqual(d.books.violations, []);
});

test('a snapshot older than the buffered events is refused and fetched again; delayed ones still sync', async () => {
  const { sim, d } = await setup({ markets: 3 });
  await waitFor(() => d.books.allValid(d.ids));
  sim.faults.staleSnapshots(['SOLUSDT']);
  sim.faults.delaySnapshots(300);
  sim.faults.breakPu('SOLUSDT');
  await waitFor(() => d.tracker.counters().staleSnapshots >= 1 && d.books.valid.get(d.idOf('SOLUSDT')) === true,
    { message: 'stale snapshot refused, then synced' });
  assert.equal(sim.counters().staleSnapshots, 1);
  await booksEqualTruth(sim, d);
  assert.deepEqual(d.books.violations, []);
});

test('malformed frames are counted and skipped; books stay equal and continuous', async () => {
  const { sim, d } = await setup({ markets: 3 });
  await waitFor(() => d.books.allValid(d.ids));
  sim.faults.sendGarbage(24);
  await waitFor(() => d.counters.invalid + d.counters.unknown >= 24, { message: 'garbage counted' });
  assert.equal(d.counters.invalid, 20, 'the 10 malformed variants, twice');
  assert.equal(d.counters.unknown, 4, 'aggTrade and markPriceUpdate, twice');
  assert.equal(d.counters.gaps, 0, 'none of it was taken as a book event');
  await booksEqualTruth(sim, d);
});

test('a dropped connection: every market invalidated, resubscribed, resnapshotted, equal again', async () => {
  const { sim, d } = await setup({ markets: 4 });
  await waitFor(() => d.books.allValid(d.ids));
  sim.faults.dropConnections();
  await waitFor(() => d.reconnects() === 1 && d.books.allValid(d.ids), { message: 'reconnected and synced' });
  for (const id of d.ids) assert.equal(d.books.snapshots.get(id), 2);
  assert.equal(d.books.invalidations.filter(([, r]) => r === 'disconnect').length, d.ids.length);
  await booksEqualTruth(sim, d);
  assert.deepEqual(d.books.violations, []);
});

test('a reconnect of many symbols is paced under the REST weight: no 429, no 418', async () => {
  // 2 s windows of 600 weight; the budget grants 200 a second plus a burst of 200: at most 600 in any 2 s.
  const budget = new RestWeightBudget({ perMinute: 12_000, burst: 200 });
  const { sim, d } = await setup({ markets: 40, rate: 800, weightLimit: 600, weightWindowMs: 2_000 }, budget);
  await waitFor(() => d.books.allValid(d.ids), { timeoutMs: 60_000, message: '40 synced' });
  sim.faults.dropConnections();
  await waitFor(() => d.reconnects() === 1 && d.books.allValid(d.ids), { timeoutMs: 60_000, message: '40 resynced' });
  assert.equal(sim.counters().weightUsed, 1 + 80 * 20, 'the market list, then one snapshot per symbol per sync: nothing wasted');
  assert.deepEqual([sim.counters().rateLimited, sim.counters().banned], [0, 0]);
  await booksEqualTruth(sim, d);
});

test('429 with Retry-After pauses every snapshot; the venue never bans us', async () => {
  // A budget far above the venue's limit: only the 429s hold it back.
  const budget = new RestWeightBudget({ perMinute: 1_000_000, burst: 2_000 });
  const { sim, d } = await setup({ markets: 16, rate: 600, weightLimit: 100, weightWindowMs: 1_000 }, budget);
  await waitFor(() => d.books.allValid(d.ids), { timeoutMs: 60_000, message: 'synced through the 429s' });
  assert.ok(sim.counters().rateLimited >= 1, 'the venue did say stop');
  assert.ok(budget.counters().pauses >= 1);
  assert.equal(sim.counters().banned, 0, 'and we listened');
  await booksEqualTruth(sim, d);
});
