// Bybit v5 orderbook.50 end to end through a real WebSocket: the simulator's HTTP + WS server,
// the adapter's markets/messages/parse/tracker run by the test driver into @ob/orderbook books.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createBybitSimulator, type BybitSimulator, type BybitSimulatorOptions } from '@ob/simulator';
import { waitFor } from '@ob/testkit';
import { bybit } from '../src/index';
import { startDriver, type Driver, type DriverOptions } from './module-driver';

/** Pauses the venue, waits until every book has caught up with it, compares each with the truth. */
async function booksEqualTruth(sim: BybitSimulator, d: Driver, message = 'books equal the truth') {
  sim.pause();
  try {
    await waitFor(() => d.markets.every((m) => {
      const t = sim.trueBook(m.symbol);
      if (!d.valid.has(m.id) || d.lastSeq.get(m.id) !== t.u) return false;
      assert.deepEqual(d.top(m.id), { bids: t.bids, asks: t.asks }, `book of ${m.symbol}`);
      return true;
    }), { message });
  } finally { sim.resume(); }
}

describe('bybit through a real WebSocket', () => {
  let sim: BybitSimulator;
  let urls: { wsUrl: string; restUrl: string };
  const stops: Array<() => Promise<void>> = [];
  const start = async (o: Partial<DriverOptions> = {}, target = urls) => {
    const d = await startDriver({ module: bybit.createBybitVenue(), ...target, ...o });
    stops.push(() => d.stop());
    return d;
  };
  const boot = async (o: BybitSimulatorOptions) => {
    const s = createBybitSimulator({ rate: 1_000, seed: 5, ...o });
    const u = await s.start();
    stops.push(() => s.stop());
    return { sim: s, urls: u };
  };

  before(async () => {
    // A small page cap makes the adapter follow the cursor; 10 args a message is enforced.
    ({ sim, urls } = await boot({ markets: 23, pageSizeCap: 5, argsPerMessage: 10 }));
  });
  after(async () => { for (const stop of stops.reverse()) await stop(); });

  test('the paged market list, batched subscribes, snapshot then deltas: every book equals the venue\'s', async () => {
    const d = await start();
    assert.deepEqual(d.markets.map((m) => m.symbol).sort(), sim.markets().map((m) => m.symbol).sort(),
      'every perp in Trading across pages; the dated future and the pre-launch one left out');
    assert.ok(sim.counters().restRequests >= 5, 'several pages');
    assert.equal(d.sent.filter((t) => t.includes('"op":"subscribe"')).length, 3, '23 topics in messages of at most 10');
    await waitFor(() => d.counters.acks === 3, { message: 'three acks' });
    await waitFor(() => d.counters.bookEvents > 500, { message: 'deltas flowing' });
    await booksEqualTruth(sim, d);
    assert.equal(sim.counters().argsPerMessageBreaches, 0);
    assert.equal(d.counters.gaps, 0);
    assert.equal(d.counters.invalid + d.counters.venueErrors, 0);
    await d.stop();
  });

  test('a u jump is a gap: that market alone is resynced (unsubscribe + subscribe), the others keep flowing', async () => {
    const d = await start({ symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT'] });
    await waitFor(() => d.valid.size === 4, { message: 'four live books' });
    const eth = d.markets.find((m) => m.symbol === 'ETHUSDT')!;
    const others = d.markets.filter((m) => m !== eth);
    const seqBefore = new Map(others.map((m) => [m.id, d.lastSeq.get(m.id)!]));
    sim.faults.skipU('ETHUSDT');
    await waitFor(() => d.counters.gaps === 1 && d.valid.has(eth.id), { message: 'gap seen and ETH resynced' });
    assert.deepEqual([...d.resyncsOf], [[eth.id, 1]], 'only ETH resynced');
    await waitFor(() => others.every((m) => d.lastSeq.get(m.id)! > seqBefore.get(m.id)!), { message: 'others advanced' });
    await booksEqualTruth(sim, d);
    assert.equal(d.counters.venueErrors, 0, 'unsubscribe first, so no "already subscribed"');
    await d.stop();
  });

  test('a new snapshot mid-stream and a service restart (u == 1) reset that book without a gap', async () => {
    const d = await start({ symbols: ['BTCUSDT', 'HYPEUSDT'] });
    await waitFor(() => d.valid.size === 2, { message: 'two live books' });
    sim.faults.resnapshot('HYPEUSDT');
    await waitFor(() => d.tracker.counters().snapshotResets === 1, { message: 'snapshot reset' });
    sim.faults.serviceRestart('BTCUSDT');
    await waitFor(() => d.tracker.counters().serviceRestarts === 1, { message: 'restart seen' });
    await booksEqualTruth(sim, d);
    assert.equal(d.counters.gaps, 0);
    assert.equal(d.counters.seqDecreases, 1, 'u starts again at 1 after the restart');
    await d.stop();
  });

  test('a restart sent typed "delta" with u == 1 is still a whole book', async () => {
    const v = await boot({ restartAs: 'delta', markets: 3 });
    const d = await start({}, v.urls);
    await waitFor(() => d.valid.size === 3, { message: 'three live books' });
    v.sim.faults.serviceRestart('ETHUSDT');
    await waitFor(() => d.tracker.counters().serviceRestarts === 1, { message: 'restart seen' });
    await booksEqualTruth(v.sim, d);
    assert.equal(d.counters.gaps, 0);
    await d.stop();
  });

  test('malformed frames are counted and skipped; books stay equal to the venue\'s', async () => {
    const d = await start({ symbols: ['BTCUSDT', 'DOGEUSDT'] });
    await waitFor(() => d.valid.size === 2, { message: 'two live books' });
    sim.faults.sendGarbage(15, 'mixed');
    await waitFor(() => d.counters.invalid + d.counters.unknown >= 15, { message: 'garbage counted' });
    assert.ok(d.counters.invalid >= 10, 'not-json and wrong-types are invalid');
    await booksEqualTruth(sim, d);
    assert.equal(d.counters.gaps, 0, 'no garbage was taken for a delta');
    await d.stop();
  });

  test('a dropped connection reconnects, resubscribes and ends equal to the venue', async () => {
    const d = await start({ symbols: ['BTCUSDT', 'ETHUSDT', 'SUIUSDT'] });
    await waitFor(() => d.valid.size === 3, { message: 'three live books' });
    sim.faults.dropConnections();
    await waitFor(() => d.counters.reconnects >= 1 && d.valid.size === 3, { message: 'reconnected' });
    await booksEqualTruth(sim, d);
    await d.stop();
  });

  test('delayed snapshots: deltas before them are dropped, then the books equal the venue', async () => {
    sim.faults.delaySnapshots(300);
    let d: Driver;
    try {
      d = await start({ symbols: ['BTCUSDT', 'ETHUSDT'] });
      await waitFor(() => d.counters.dropped > 0, { message: 'deltas dropped while waiting for a snapshot' });
      await waitFor(() => d.valid.size === 2, { message: 'books after the delay' });
    } finally { sim.faults.delaySnapshots(0); }
    await booksEqualTruth(sim, d);
    assert.equal(d.counters.gaps, 0);
    await d.stop();
  });

  test('the idle close: a pinging client keeps its connection; one that never pings and gets no data is closed', async () => {
    const v = await boot({ idleCloseMs: 1_000, markets: 2 });
    v.sim.pause();
    const pinging = await start({ pingMs: 100 }, v.urls);
    const silent = await start({ pingMs: 0 }, v.urls);
    await waitFor(() => silent.counters.reconnects >= 2, { message: 'the silent client closed, twice' });
    await waitFor(() => pinging.counters.pongs >= 30, { message: 'pings answered across idle periods' });
    assert.equal(pinging.counters.reconnects, 0);
    assert.ok(v.sim.counters().idleCloses >= 2);
    v.sim.resume();
    await booksEqualTruth(v.sim, pinging);
  });
});
