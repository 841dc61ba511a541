// Five simulated venues (Lighter, Hyperliquid, Bybit, Binance USD-M, OKX) in one process, each
// through its production adapter, its own engine and its own sink into one real Redis: every
// key is the venue's own, every book equals its simulator's truth, each venue publishes on its
// own channel, the API and /metrics answer by venue, and a venue that goes away stops nothing
// of the others.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { silentLog } from '@ob/core';
import { venueEntry } from '@ob/feeds';
import { BookSnapshot, type InstrumentGroup, type VenuesResponse } from '@ob/protocol';
import { buildApp, createEngines, type Engine } from '@ob/server';
import { simulatedVenue, type RunningSimulator } from '@ob/simulator';
import { bookKey, createRedisClient, createRedisSink, createStreamer, updatesChannel, type SnapshotSink } from '@ob/streamer';
import { startRedis, waitFor, type TestRedis } from '@ob/testkit';
import { Value } from 'typebox/value';
import type { FastifyInstance } from 'fastify';

const PREFIX = 'obv';
const VENUES = ['lighter', 'hyperliquid', 'bybit', 'binance-usdm', 'okx'] as const;
const DEPTH = 50;
const LONG = { timeoutMs: 90_000 };

describe('several venues in one process', () => {
  let redis: TestRedis;
  let reader: Redis;
  let app: FastifyInstance;
  let appRedis: ReturnType<typeof createRedisClient> | undefined;
  const sims = new Map<string, RunningSimulator>();
  const sinks: SnapshotSink[] = [];
  const engines: Engine[] = [];

  before(async () => {
    redis = await startRedis();
    reader = new Redis(redis.url);
    for (const venue of VENUES) {
      const sim = await simulatedVenue(venue)!.start({ rate: 300 });
      sims.set(venue, sim);
      const feed = venueEntry(venue)!.createFeed({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, symbols: [], log: silentLog });
      const sink = createRedisSink({ url: redis.url, prefix: PREFIX, venue, log: silentLog });
      sinks.push(sink);
      engines.push({ venue, source: `sim-${venue}`, streamer: createStreamer({ feed, source: `sim-${venue}`, sink, log: silentLog }), feedView: () => feed.view() });
    }
    appRedis = createRedisClient(redis.url);
    app = await buildApp({
      engines: createEngines(engines), redis: appRedis, logger: false,
      startup: { host: '127.0.0.1', adminToken: '', allowedOrigins: '', statsHz: 10, prefix: PREFIX },
    });
    await Promise.all(engines.map((e) => e.streamer.start()));
  });

  after(async () => {
    await app?.close();
    await Promise.all(engines.map((e) => e.streamer.stop()));
    await Promise.all(sinks.map((s) => s.close()));
    await Promise.all([...sims.values()].map((s) => s.stop().catch(() => {})));
    reader?.disconnect();
    appRedis?.disconnect(); // the app's own client: left open, it kept this file's process alive
    await redis?.stop();
  });

  const mismatches = async (venue: string): Promise<string[]> => {
    const e = engines.find((x) => x.venue === venue)!;
    const sim = sims.get(venue)!;
    const bad: string[] = [];
    for (const m of e.streamer.markets()) {
      const truth = sim.truth(m.symbol);
      const raw = await reader.get(bookKey(PREFIX, venue, m.symbol, false));
      if (!truth) { bad.push(`${venue}:${m.symbol}: no truth`); continue; }
      if (raw === null) { bad.push(`${venue}:${m.symbol}: no key`); continue; }
      const snap = JSON.parse(raw) as BookSnapshot;
      if (JSON.stringify(snap.bids) !== JSON.stringify(truth.bids.slice(0, DEPTH))
        || JSON.stringify(snap.asks) !== JSON.stringify(truth.asks.slice(0, DEPTH))) bad.push(`${venue}:${m.symbol}: levels differ`);
    }
    return bad;
  };

  it('every venue writes every market under its own keys, and each book equals its simulator\'s once the venues hold still', async () => {
    for (const e of engines) {
      await waitFor(() => e.streamer.stats(1).feed.status === 'connected' && e.streamer.markets().length > 0
        && e.streamer.markets().every((m) => m.valid && m.writes > 0), { ...LONG, message: `${e.venue}: every market valid and written` });
      const keys = await reader.keys(`${PREFIX}:book:${e.venue}:*`);
      assert.equal(keys.length, e.streamer.markets().length, `${e.venue}: one key per market`);
    }
    for (const sim of sims.values()) sim.pause();
    try {
      for (const venue of VENUES) {
        await waitFor(async () => (await mismatches(venue)).length === 0, { ...LONG, message: `${venue}: Redis books equal the simulator's` });
      }
      for (const e of engines) assert.equal(e.streamer.stats(1).totals.gaps, 0, `${e.venue}: no gap on a clean run`);
    } finally {
      for (const sim of sims.values()) sim.resume();
    }
  });

  it('snapshots carry the venue and a normalized instrument; each venue publishes on its own channel', async () => {
    const btc = { lighter: 'BTC', hyperliquid: 'BTC', bybit: 'BTCUSDT', 'binance-usdm': 'BTCUSDT', okx: 'BTC-USDT-SWAP' } as const;
    const quote = { lighter: 'USD', hyperliquid: 'USDC', bybit: 'USDT', 'binance-usdm': 'USDT', okx: 'USDT' } as const;
    for (const venue of VENUES) {
      const snap: unknown = JSON.parse((await reader.get(bookKey(PREFIX, venue, btc[venue], false)))!);
      assert.ok(Value.Check(BookSnapshot, snap), `${venue}: a BookSnapshot`);
      assert.equal(snap.venue, venue);
      assert.equal(snap.instrument, `BTC-${quote[venue]}-PERP`);
    }
    const sub = new Redis(redis.url);
    try {
      const seen = new Map<string, Set<string>>();
      sub.on('message', (channel: string, payload: string) => {
        const symbols = JSON.parse(payload) as string[];
        const set = seen.get(channel) ?? new Set<string>();
        for (const s of symbols) set.add(s);
        seen.set(channel, set);
      });
      await sub.subscribe(...VENUES.map((v) => updatesChannel(PREFIX, v)));
      await waitFor(() => VENUES.every((v) => (seen.get(updatesChannel(PREFIX, v))?.size ?? 0) > 0), { ...LONG, message: 'a PUBLISH on every venue channel' });
      for (const venue of VENUES) {
        const own = new Set(engines.find((e) => e.venue === venue)!.streamer.markets().map((m) => m.symbol));
        for (const s of seen.get(updatesChannel(PREFIX, venue))!) assert.ok(own.has(s), `${venue}'s channel names only its own markets (${s})`);
      }
    } finally {
      sub.disconnect();
    }
  });

  it('the API and /metrics answer by venue, and the cross-venue view joins BTC perps of all five', async () => {
    const venues = (await app.inject({ url: '/api/venues' })).json<VenuesResponse>();
    assert.deepEqual(venues.venues.map((v) => v.venue), [...VENUES]);
    for (const v of venues.venues) assert.equal(v.feed.status, 'connected', v.venue);
    const okx = (await app.inject({ url: '/api/markets?venue=okx' })).json<{ markets: Array<{ venue: string }> }>();
    assert.ok(okx.markets.length > 0 && okx.markets.every((m) => m.venue === 'okx'));
    const redisBook = (await app.inject({ url: '/api/venues/okx/markets/BTC-USDT-SWAP/redis' })).json<{ key: string; snapshot: BookSnapshot }>();
    assert.equal(redisBook.key, `${PREFIX}:book:okx:BTC-USDT-SWAP`);
    assert.equal(redisBook.snapshot.venue, 'okx');
    assert.equal((await app.inject({ url: '/api/venues/nowhere/markets/BTC/book' })).statusCode, 404);
    // The single-venue path answers for the first venue listing the symbol.
    assert.equal((await app.inject({ url: '/api/markets/BTCUSDT/book' })).json<BookSnapshot>().venue, 'bybit');

    const group = (await app.inject({ url: '/api/instruments/BTC-PERP' })).json<InstrumentGroup>();
    assert.deepEqual([...new Set(group.quotes.map((q) => q.venue))].sort(), [...VENUES].sort());
    for (const q of group.quotes.filter((x) => x.valid)) {
      assert.ok(q.bid && q.ask && Number(q.bid[0]) < Number(q.ask[0]), `${q.venue} ${q.symbol}: bid under ask`);
    }

    const metrics = (await app.inject({ url: '/metrics' })).body;
    for (const venue of VENUES) {
      const m = new RegExp(`^ob_messages_total\\{venue="${venue}"\\} (\\d+)`, 'm').exec(metrics);
      assert.ok(m && Number(m[1]) > 0, `ob_messages_total for ${venue}`);
    }
    assert.match(metrics, /^ob_venue_counter\{venue="binance-usdm",name="snapshotRequests"\} [1-9]/m, 'Binance REST snapshots counted');
    // The connection figures of every venue, each series labelled with its venue.
    const feedLines = metrics.split('\n').filter((l) => l.startsWith('ob_feed_'));
    assert.deepEqual(feedLines.filter((l) => !/^ob_feed_\w+\{venue="[^"]+"/.test(l)), [], 'every ob_feed_* series carries venue=');
    for (const venue of VENUES) {
      const open = new RegExp(`^ob_feed_connections\\{venue="${venue}",state="open"\\} ([1-9]\\d*)`, 'm').exec(metrics);
      assert.ok(open, `ob_feed_connections open for ${venue}`);
      assert.match(metrics, new RegExp(`^ob_feed_connected\\{venue="${venue}"\\} 1`, 'm'));
    }
    assert.match(metrics, /^ob_market_writes_total\{venue="hyperliquid",symbol="BTC"\} [1-9]/m);
  });

  it('a venue that goes away stops nothing of the others', async () => {
    await sims.get('okx')!.stop();
    const okx = engines.find((e) => e.venue === 'okx')!.streamer;
    await waitFor(() => okx.stats(1).feed.status !== 'connected', { ...LONG, message: 'okx feed down' });
    const others = engines.filter((e) => e.venue !== 'okx');
    const before = others.map((e) => e.streamer.stats(1).totals.snapshots);
    await waitFor(() => others.every((e, i) => e.streamer.stats(1).totals.snapshots > before[i]! + 5), { ...LONG, message: 'the other venues keep writing' });
    for (const e of others) assert.equal(e.streamer.stats(1).feed.status, 'connected', `${e.venue} still connected`);
    const ready = await app.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 200, ready.body);
    const body = ready.json<{ degraded?: string[]; venues: Record<string, { feed: string; ready: boolean }> }>();
    assert.notEqual(body.venues.okx?.feed, 'connected');
    assert.equal(body.venues.okx?.ready, false);
    assert.ok(body.degraded?.some((d) => d.startsWith('okx')), 'readyz names the venue that is down');
  });
});
