// Hyperliquid end to end through a real WebSocket: the simulator's HTTP + WS server, the
// adapter's markets/messages/parse/tracker run by the test driver into @ob/orderbook books.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHyperliquidSimulator, type HyperliquidSimulator } from '@ob/simulator';
import { waitFor } from '@ob/testkit';
import { hyperliquid } from '../src/index';
import { startDriver, type Driver } from './module-driver';

/** Every subscribed coin's book equals its last published book (books and times). */
async function booksEqualTruth(sim: HyperliquidSimulator, d: Driver, message = 'books equal the truth') {
  await waitFor(() => d.markets.every((m) => {
    const t = sim.trueBook(m.id);
    if (!t || d.lastSeq.get(m.id) !== t.time) return false;
    assert.deepEqual(d.top(m.id), { bids: t.bids, asks: t.asks }, `book of ${m.symbol}`);
    return true;
  }), { message });
}

describe('hyperliquid through a real WebSocket', () => {
  let sim: HyperliquidSimulator;
  let urls: { wsUrl: string; restUrl: string };
  const drivers: Driver[] = [];
  const start = async (o: Partial<Parameters<typeof startDriver>[0]> = {}) => {
    const d = await startDriver({ module: hyperliquid.createHyperliquidVenue(), ...urls, ...o });
    drivers.push(d);
    return d;
  };

  before(async () => {
    sim = createHyperliquidSimulator({ rate: 400, cadenceMs: 20, seed: 3 });
    urls = await sim.start();
  });
  after(async () => {
    for (const d of drivers) await d.stop();
    await sim.stop();
  });

  test('every listed coin is subscribed, acked and its book equals the last one published', async () => {
    const d = await start();
    assert.equal(d.markets.length, sim.markets().length);
    assert.deepEqual(d.markets.map((m) => m.id), sim.markets().map((m) => m.id), 'asset ids are the universe indices');
    await waitFor(() => d.counters.acks === d.markets.length, { message: 'one ack per coin' });
    await waitFor(() => d.counters.bookEvents > d.markets.length * 3, { message: 'books flowing' });
    sim.pause();
    await booksEqualTruth(sim, d);
    sim.resume();
    assert.equal(d.counters.invalid, 0);
    assert.equal(d.counters.venueErrors, 0);
    await d.stop();
  });

  test('a stale or out-of-order time is refused and counted for that coin alone; the book never goes back', async () => {
    const d = await start({ symbols: ['BTC', 'ETH', 'SOL'] });
    const [btc, eth] = [d.markets[0]!, d.markets[1]!];
    // Two books of BTC seen: the venue has a previous one to send stale.
    await waitFor(() => d.valid.size === 3 && (d.deliveredOf.get(btc.id) ?? 0) >= 2, { message: 'three live books' });
    sim.pause();
    await booksEqualTruth(sim, d);
    const ethEvents = d.counters.bookEvents;
    sim.faults.staleTime(btc.id);
    await waitFor(() => d.tracker.counters().stale === 1, { message: 'stale snapshot refused' });
    // Taken, the older book would now differ from the truth.
    await booksEqualTruth(sim, d, 'books equal the truth right after the stale frame');
    assert.equal(d.counters.bookEvents, ethEvents, 'nothing delivered while paused: the stale frame was not');
    sim.faults.outOfOrder(btc.id);
    sim.resume();
    await waitFor(() => d.tracker.counters().stale! >= 2, { message: 'out-of-order snapshot refused' });
    sim.pause();
    await booksEqualTruth(sim, d, 'books equal the truth after the faults');
    assert.equal(d.counters.seqDecreases, 0, 'seq (time) never went back');
    assert.equal(d.counters.resyncs, 0, 'nothing to resync: the next book heals a coin');
    assert.ok(d.valid.has(eth.id) && d.valid.has(btc.id));
    sim.resume();
    await d.stop();
  });

  test('resubscribing one coin gets its book again and touches no other coin', async () => {
    const d = await start({ symbols: ['BTC', 'ETH', 'SOL'] });
    await waitFor(() => d.valid.size === 3, { message: 'three live books' });
    sim.pause();
    await booksEqualTruth(sim, d);
    const [btc] = d.markets;
    const events = d.counters.bookEvents;
    const acks = d.counters.acks;
    d.resync(btc!.id);
    await waitFor(() => d.counters.acks === acks + 2 && d.counters.bookEvents === events + 1,
      { message: 'unsubscribe and subscribe acked, one book again' });
    assert.equal(d.counters.venueErrors, 0);
    assert.deepEqual([...d.resyncsOf.keys()], [btc!.id]);
    await booksEqualTruth(sim, d);
    sim.resume();
    await d.stop();
  });

  test('malformed frames are counted and skipped; books stay equal to the truth', async () => {
    const d = await start({ symbols: ['BTC', 'HYPE'] });
    await waitFor(() => d.valid.size === 2, { message: 'two live books' });
    const before = d.counters.invalid + d.counters.unknown;
    sim.faults.sendGarbage(12, 'mixed');
    await waitFor(() => d.counters.invalid + d.counters.unknown >= before + 12, { message: 'garbage counted' });
    assert.ok(d.counters.invalid >= 8, 'not-json and wrong-types are invalid');
    sim.pause();
    await booksEqualTruth(sim, d);
    sim.resume();
    await d.stop();
  });

  test('a dropped connection reconnects, resubscribes and ends equal to the truth', async () => {
    const d = await start({ symbols: ['BTC', 'ETH', 'SOL', 'HYPE'] });
    await waitFor(() => d.valid.size === 4, { message: 'four live books' });
    sim.faults.dropConnections();
    await waitFor(() => d.counters.reconnects >= 1 && d.valid.size === 4, { message: 'reconnected' });
    sim.pause();
    await booksEqualTruth(sim, d);
    sim.resume();
    await d.stop();
  });

  test('a delayed first book: the coin stays invalid until it comes, then equals the truth', async () => {
    sim.faults.delaySnapshots(300);
    const d = await start({ symbols: ['SOL'] });
    try {
      await waitFor(() => d.counters.acks === 1, { message: 'ack' });
      await waitFor(() => d.valid.size === 1, { message: 'book after the delay' });
    } finally { sim.faults.delaySnapshots(0); }
    sim.pause();
    await booksEqualTruth(sim, d);
    sim.resume();
    await d.stop();
  });

  test('a slow cadence: a pinging client keeps its connection and books; one that never pings is closed by the venue', async () => {
    const slow = createHyperliquidSimulator({ cadenceMs: 3_600_000, idleCloseMs: 1_000, seed: 4 });
    const u = await slow.start();
    const module = () => hyperliquid.createHyperliquidVenue();
    const pinging = await startDriver({ module: module(), ...u, symbols: ['BTC'], pingMs: 100 });
    const silent = await startDriver({ module: module(), ...u, symbols: ['ETH'], pingMs: 0 });
    try {
      await waitFor(() => silent.counters.reconnects >= 2, { message: 'the silent client closed, twice' });
      await waitFor(() => pinging.counters.pongs >= 30, { message: 'pings answered across idle periods' });
      assert.equal(pinging.counters.reconnects, 0);
      assert.ok(pinging.valid.size === 1 && slow.counters().idleCloses >= 2);
      assert.deepEqual(pinging.top(pinging.markets[0]!.id), (({ bids, asks }) => ({ bids, asks }))(slow.trueBook(pinging.markets[0]!.id)!));
    } finally {
      await pinging.stop();
      await silent.stop();
      await slow.stop();
    }
  });
});
