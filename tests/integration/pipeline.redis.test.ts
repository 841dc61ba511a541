// Issue 2's end-to-end check: simulator → Lighter adapter → books → Redis, with real sockets
// and a real redis-server. After the feed stops and a flush passes, every market's key holds
// the simulator's own book, level for level.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { BookSnapshot } from '@ob/protocol';
import { Value } from 'typebox/value';
import { commandCounts, waitFor } from '@ob/testkit';
import { PREFIX, startPipeline, VENUE, type Pipeline } from '../support/pipeline';

const DEPTH = 50;

async function readBook(p: Pipeline, symbol: string): Promise<BookSnapshot | null> {
  const raw = await p.reader.get(p.bookKey(symbol));
  return raw === null ? null : JSON.parse(raw);
}

/** True when every market's Redis snapshot equals the simulator's book cut at DEPTH. */
async function mismatches(p: Pipeline): Promise<string[]> {
  const bad: string[] = [];
  for (const m of p.sim.markets()) {
    const truth = p.sim.trueBook(m.id);
    const snap = await readBook(p, m.symbol);
    if (!snap || snap.seq !== truth.nonce) { bad.push(`${m.symbol}: seq ${snap?.seq} != ${truth.nonce}`); continue; }
    assert.deepEqual(snap.bids, truth.bids.slice(0, DEPTH), `${m.symbol} bids`);
    assert.deepEqual(snap.asks, truth.asks.slice(0, DEPTH), `${m.symbol} asks`);
  }
  return bad;
}

describe('simulator → adapter → streamer → Redis', () => {
  let p: Pipeline;
  let sub: Redis;
  let published = 0;
  const publishedSymbols = new Set<string>();

  before(async () => {
    p = await startPipeline({
      sim: { rate: 3000 },
      settings: { batchIntervalMs: 50, depth: DEPTH, ttlSeconds: 60 },
      beforeStart: async (redis) => {
        sub = new Redis(redis.url);
        await sub.subscribe(`${PREFIX}:updates:${VENUE}`);
        sub.on('message', (_channel, payload: string) => {
          published++;
          for (const s of JSON.parse(payload) as string[]) publishedSymbols.add(s);
        });
      },
    });
  });
  after(async () => { sub.disconnect(); await p.close(); });

  it('writes every market, and after the feed stops each key equals the true book', async () => {
    const markets = p.sim.markets();
    assert.equal(markets.length, 45);
    await waitFor(async () => (await p.reader.keys(`${PREFIX}:book:${VENUE}:*`)).length === markets.length,
      { message: 'a key for every market' });
    await waitFor(() => p.streamer.stats().totals.messages > 5_000, { message: 'some traffic' });
    p.sim.pause();
    await waitFor(async () => (await mismatches(p)).length === 0, { message: 'Redis books equal the simulator books' });
  });

  it('stores the snapshot layout of DESIGN.md with a TTL', async () => {
    const snap = await readBook(p, 'BTC');
    assert.ok(snap && Value.Check(BookSnapshot, snap), 'snapshot matches the BookSnapshot schema');
    assert.deepEqual(Object.keys(snap), ['venue', 'market', 'symbol', 'instrument', 'seq', 'exchangeTs', 'receivedTs', 'writtenTs', 'bids', 'asks']);
    assert.equal(snap.venue, VENUE);
    assert.equal(snap.market, 1);
    assert.ok(snap.writtenTs >= snap.receivedTs && snap.receivedTs > 0);
    const bids = snap.bids.map(([price]) => Number(price));
    const asks = snap.asks.map(([price]) => Number(price));
    assert.deepEqual(bids, [...bids].sort((a, b) => b - a), 'bids descending');
    assert.deepEqual(asks, [...asks].sort((a, b) => a - b), 'asks ascending');
    assert.ok(bids[0]! < asks[0]!, 'not crossed');
    const ttl = await p.reader.ttl(p.bookKey('BTC'));
    assert.ok(ttl > 0 && ttl <= 60, `ttl ${ttl}`);
  });

  it('publishes once per pipeline, and SETs once per snapshot written', async () => {
    // The feed is paused: once nothing is pending, every pipeline's PUBLISH has arrived.
    const { totals } = await waitFor(() => {
      const s = p.streamer.stats();
      return s.pendingMarkets === 0 && published === s.totals.pipelines ? s : undefined;
    }, { message: 'every pipeline published' });
    const calls = await commandCounts(p.reader);
    assert.equal(calls.publish, totals.pipelines, 'Redis counted one PUBLISH per pipeline');
    assert.equal(calls.set, totals.snapshots, 'Redis counted one SET per snapshot');
    assert.ok(totals.snapshots < totals.messages, `coalesced: ${totals.snapshots} writes for ${totals.messages} messages`);
    assert.equal(publishedSymbols.size, 45);
  });

  it('resyncs only the market with a gap', async () => {
    const before = p.feed.counters();
    const subscribesBefore = p.sim.counters().subscribes;
    p.sim.faults.skipNonce(2);
    p.sim.resume();
    await waitFor(() => p.feed.counters().gaps === before.gaps + 1, { message: 'gap counted' });
    await waitFor(() => p.feed.counters().resyncs === before.resyncs + 1, { message: 'resync counted' });
    await waitFor(() => p.sim.counters().subscribes === subscribesBefore + 1, { message: 'one resubscribe' });
    p.sim.pause();
    await waitFor(async () => (await mismatches(p)).length === 0, { message: 'books equal after the resync' });
    const after = p.feed.counters();
    assert.equal(after.gaps, before.gaps + 1);
    assert.equal(after.reconnects, before.reconnects, 'no reconnect for a gap');
    assert.equal(p.sim.counters().subscribes, subscribesBefore + 1, 'only SOL was resubscribed');
  });
});
