// Issue 14.4: the production Lighter adapter against the strict simulator (every documented limit
// enforced, windows and ages scaled down alike on both sides) and a real redis-server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BookSnapshot } from '@ob/protocol';
import type { Breaches, SimulatorOptions } from '@ob/simulator';
import { waitFor } from '@ob/testkit';
import type { VenueFeedOptions, VenueLimits } from '@ob/feeds';
import { booksMismatches } from '../support/books';
import { startPipeline, type Pipeline } from '../support/pipeline';

/** A minute of the venue's, scaled down: both sides count messages in the same window. */
const WINDOW_MS = 2_000;

function scaled(sim: SimulatorOptions, feed: Partial<VenueFeedOptions> = {}, limits: Partial<VenueLimits> = {}) {
  return {
    sim: { messageWindowMs: WINDOW_MS, snapshotDelayMs: 20, ...sim },
    feed: { limits: { messageWindowMs: WINDOW_MS, ...limits }, ...feed },
  };
}

const noBreaches = (b: Breaches) => Object.entries(b).filter(([, n]) => n > 0).map(([k, n]) => `${k}: ${n}`);

async function seqOf(p: Pipeline, symbol: string): Promise<number> {
  const raw = await p.reader.get(p.bookKey(symbol));
  return raw === null ? -1 : (JSON.parse(raw) as BookSnapshot).seq;
}

describe('the Lighter adapter inside the venue\'s limits', { timeout: 180_000 }, () => {
  it('400 markets, perp and spot, ids above 4095: zero breaches, every Redis book equal to the venue\'s', async () => {
    const p = await startPipeline({
      ...scaled({ markets: 200, perpIdBase: 5_000, spot: 200, spotIdBase: 2_048, rate: 3_000 }, { kinds: ['perp', 'spot'] }),
      settings: { batchIntervalMs: 50, depth: 50 },
    });
    try {
      const markets = p.sim.markets();
      assert.equal(markets.length, 400);
      assert.ok(markets.some((m) => m.id > 4095) && markets.some((m) => m.kind === 'spot'));
      await waitFor(async () => (await p.reader.keys('t:book:lighter:*')).length === 400, { timeoutMs: 90_000, message: 'a key for every market' });
      const view = p.feed.view();
      assert.equal(view.connections.length, 8, '400 markets at 50 a connection');
      assert.ok(view.connections.every((c) => c.markets === 50 && c.state === 'open'));
      assert.ok(p.sim.subscriptionsPerConnection().every((n) => n <= 50));
      p.sim.pause();
      await waitFor(async () => (await booksMismatches(p, 50)).length === 0, { timeoutMs: 30_000, message: 'every book equal to the venue\'s' });
      assert.deepEqual(noBreaches(p.sim.breaches()), []);
      assert.equal(p.feed.counters().venueErrors, 0);
      assert.equal(p.feed.counters().reconnects, 0);
    } finally { await p.close(); }
  });

  it('only quiet markets over several idle periods: zero reconnects, no idle close', async () => {
    const IDLE = 600;
    const p = await startPipeline(scaled({ markets: 6, quiet: 6, idleCloseMs: IDLE }, {}, { idleCloseMs: IDLE }));
    try {
      await waitFor(async () => (await p.reader.keys('t:book:lighter:*')).length === 6, { message: 'snapshots written' });
      const pingsAnswered = p.feed.counters().messages;
      // Five idle periods with no market traffic at all: only our pings and the venue's pongs.
      const until = Date.now() + 5 * IDLE;
      await waitFor(() => Date.now() >= until && p.feed.counters().messages >= pingsAnswered + 5, { timeoutMs: 30_000, message: 'five idle periods' });
      assert.equal(p.sim.counters().generated, 0, 'the markets were quiet');
      assert.equal(p.feed.counters().reconnects, 0);
      assert.equal(p.sim.breaches().idleCloses, 0);
      assert.equal(p.sim.counters().connections, 1);
      assert.equal(p.feed.status(), 'connected');
    } finally { await p.close(); }
  });

  it('a forced drop of one connection: the others\' books are written throughout, only its books resynced', async () => {
    const p = await startPipeline({
      ...scaled({ markets: 60, rate: 2_000 }, { marketsPerConnection: 20 }),
      settings: { batchIntervalMs: 20 },
    });
    try {
      const markets = p.sim.markets();
      await waitFor(async () => (await p.reader.keys('t:book:lighter:*')).length === 60, { message: 'all written' });
      await waitFor(() => p.feed.view().connections.every((c) => c.live === 20), { message: 'all live' });
      // Connection 0 carries the first 20 markets by id; the other two carry the rest.
      const others = markets.slice(20).map((m) => m.symbol);
      const resyncsBefore = p.feed.counters().resyncs;
      assert.ok(p.sim.faults.dropConnection(0));
      // While connection 0 is down and back, the other connections' books keep advancing.
      let rounds = 0;
      const stalled: number[] = [];
      let prev = await Promise.all(others.map((s) => seqOf(p, s)));
      let sampledAt = Date.now();
      await waitFor(async () => {
        // Rounds at least 200 ms apart: ten flushes' time for the other connections' 40 markets to move.
        if (Date.now() - sampledAt < 200) return false;
        sampledAt = Date.now();
        const now = await Promise.all(others.map((s) => seqOf(p, s)));
        if (!now.some((v, i) => v > prev[i]!)) stalled.push(rounds);
        prev = now;
        rounds++;
        return p.feed.view().connections[0]!.reconnects === 1 && p.feed.view().connections[0]!.live === 20 && rounds >= 3;
      }, { timeoutMs: 30_000, intervalMs: 200, message: 'connection 0 back while the others kept writing' });
      assert.deepEqual(stalled, [], 'rounds in which no book of the other connections advanced');
      const view = p.feed.view();
      assert.equal(view.connections[0]!.reconnects, 1);
      assert.deepEqual(view.connections.slice(1).map((c) => c.reconnects), [0, 0]);
      assert.equal(p.feed.counters().resyncs, resyncsBefore, 'a reconnect resubscribes, it does not resync others');
      assert.deepEqual(noBreaches(p.sim.breaches()), []);
    } finally { await p.close(); }
  });

  it('the max connection age: connections recycle one at a time before the venue drops them', async () => {
    const AGE = 3_000;
    const p = await startPipeline(scaled({ markets: 40, rate: 500, maxConnectionAgeMs: AGE }, { marketsPerConnection: 10, recycleGapMs: 200 }, { maxConnectionAgeMs: AGE }));
    try {
      await waitFor(() => p.feed.view().connections.reduce((n, c) => n + c.recycles, 0) >= 4, { timeoutMs: 30_000, message: 'each recycled once' });
      assert.equal(p.sim.counters().ageDrops, 0, 'never dropped by the venue');
      assert.deepEqual(noBreaches(p.sim.breaches()), []);
      await waitFor(() => p.feed.view().connections.every((c) => c.live === 10), { message: 'all live again' });
    } finally { await p.close(); }
  });

  it('30 markets stuck without snapshots stay inside the per-window budget and starve nobody; a new listing streams', async () => {
    const p = await startPipeline(scaled({ markets: 60, rate: 600 }, {
      snapshotTimeoutMs: 300, resyncBackoff: { baseMs: 300, maxMs: 3_000 }, marketsRefreshMs: 500,
    }));
    try {
      const stuck = p.sim.markets().slice(30).map((m) => m.id);
      p.sim.faults.withholdSnapshots(stuck);
      await waitFor(async () => (await p.reader.keys('t:book:lighter:*')).length === 30, { timeoutMs: 30_000, message: 'the 30 others written' });
      await waitFor(() => p.feed.view().stuck.length === 30, { timeoutMs: 30_000, message: '30 stuck, visible' });
      // Let several windows pass with the stuck markets retrying.
      const subsBefore = p.feed.counters().subscribes;
      const until = Date.now() + 4 * WINDOW_MS;
      await waitFor(() => Date.now() >= until, { timeoutMs: 30_000 });
      const view = p.feed.view();
      assert.ok(view.stuck.every((s) => s.stuckMs > 300 && s.attempts >= 1));
      assert.ok(view.stuck.some((s) => s.state === 'backoff' && s.retryInMs > 0), 'backing off');
      assert.ok(p.feed.counters().snapshotTimeouts >= 30);
      // Backoff: far fewer retries than one per timeout per market.
      const sent = p.feed.counters().subscribes - subsBefore;
      assert.ok(sent < 30 * (4 * WINDOW_MS / 300) / 2, `retries backed off (${sent} subscribes in 4 windows)`);
      assert.ok(view.budget.messages <= view.budget.messageBudget!, 'inside our budget');
      assert.deepEqual(noBreaches(p.sim.breaches()), []);
      // A new listing is picked up by the scheduled refresh and streams despite the stuck ones.
      p.sim.listMarket({ id: 7_000, symbol: 'NEWCOIN', weight: 5 });
      await waitFor(async () => (await seqOf(p, 'NEWCOIN')) > 0, { timeoutMs: 30_000, message: 'the new listing in Redis without a restart' });
      assert.equal(p.feed.counters().reconnects, 0);
    } finally { await p.close(); }
  });

  it('a delisted market is unsubscribed and its key left to expire', async () => {
    const p = await startPipeline({ ...scaled({ markets: 5, rate: 300 }, { marketsRefreshMs: 300 }), settings: { ttlSeconds: 2 } });
    try {
      await waitFor(async () => (await seqOf(p, 'SOL')) > 0, { message: 'SOL written' });
      p.sim.delistMarket(2);
      await waitFor(() => !p.feed.markets().some((m) => m.symbol === 'SOL'), { message: 'SOL dropped at the refresh' });
      assert.ok(p.feed.counters().unsubscribes >= 1);
      await waitFor(async () => (await seqOf(p, 'SOL')) === -1, { timeoutMs: 20_000, message: 'the key expired' });
      assert.ok((await seqOf(p, 'ETH')) > 0, 'the others kept');
    } finally { await p.close(); }
  });
});
