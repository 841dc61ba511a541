// Issues 19.3, 19.6, 19.4 and 19.1 through the app: a venue that connects but sends no snapshot
// is not "ready" (0 of N markets have a book), a market it never snapshots is marked "no book
// yet" in /api/markets and /metrics, a crossed book is written flagged and counted, Redis
// refusing writes is its own reason in /readyz, and a flushed Redis gets {prefix}:config back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createLighterFeed } from '@ob/feeds';
import type { MarketStats } from '@ob/protocol';
import { buildApp } from '@ob/server';
import { createRedisClient, createRedisSink, createStreamer, type Streamer } from '@ob/streamer';
import { startRedis, waitFor, type TestRedis } from '@ob/testkit';
import { silentLog } from '@ob/core';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { bookFrame, startScriptedVenue, type ScriptedVenue } from '../support/scripted-venue';

const MARKETS = Array.from({ length: 10 }, (_, i) => ({ id: i, symbol: `S${i}` }));
const PREFIX = 'rdy';

describe('readiness means books are flowing', () => {
  let redis: TestRedis;
  let venue: ScriptedVenue;
  let streamer: Streamer;
  let app: FastifyInstance;
  let reader: Redis;
  let appRedis: ReturnType<typeof createRedisClient>;
  let sink: ReturnType<typeof createRedisSink>;
  let ws: WebSocket;

  before(async () => {
    redis = await startRedis();
    reader = new Redis(redis.url);
    venue = await startScriptedVenue(MARKETS);
    const feed = createLighterFeed({ wsUrl: venue.wsUrl, restUrl: venue.restUrl, symbols: [], log: silentLog });
    appRedis = createRedisClient(redis.url);
    sink = createRedisSink({ url: redis.url, prefix: PREFIX, venue: feed.venue, log: silentLog });
    streamer = createStreamer({ feed, source: 'scripted', sink, log: silentLog, settings: { batchIntervalMs: 20, ttlSeconds: 6 } });
    app = await buildApp({ streamer, redis: appRedis, startup: { host: '127.0.0.1', adminToken: '', allowedOrigins: '', statsHz: 1, prefix: PREFIX }, logger: false });
    const subscribed = venue.nextSubscribed();
    await streamer.start();
    ws = await subscribed;
  });
  after(async () => {
    await app.close();
    await streamer.stop();
    await sink.close();
    appRedis.disconnect();
    reader.disconnect();
    await venue.close();
    await redis.stop();
  });

  const readyz = async () => { const r = await app.inject({ method: 'GET', url: '/readyz' }); return { code: r.statusCode, body: r.json() }; };
  const markets = async () => (await app.inject({ method: 'GET', url: '/api/markets' })).json().markets as MarketStats[];
  const metrics = async () => (await app.inject({ method: 'GET', url: '/metrics' })).body;

  it('a venue that connects and only answers pings: 503, "0 of 10 markets have a book", every market "no book yet"', async () => {
    await waitFor(() => streamer.stats().feed.status === 'connected' && streamer.stats().redis.status === 'writable', { message: 'feed and redis up' });
    const r = await readyz();
    assert.equal(r.code, 503, JSON.stringify(r.body));
    assert.deepEqual(r.body.reasons, ['0 of 10 markets have a book in Redis (ready from 9)']);
    const ms = await markets();
    assert.ok(ms.every((m) => !m.valid && !m.everValid && m.noBookSince > 0 && m.noBookSince <= Date.now()));
    const text = await metrics();
    assert.match(text, /^ob_market_no_book_yet\{venue="lighter",symbol="S0"\} 1$/m);
    assert.match(text, /^ob_ready\{venue="lighter"\} 0$/m);
  });

  it('9 of 10 snapshotted (one crossed): ready; the tenth stays "no book yet"; the crossed one is flagged and counted', async () => {
    for (let id = 0; id < 9; id++) {
      const crossed = id === 3;
      ws.send(bookFrame('subscribed/order_book', id, 10, 10, [[crossed ? '101.00' : '99.00', '1']], [['100.00', '2']]));
    }
    await waitFor(async () => (await readyz()).code === 200, { message: 'ready once 9 books are in Redis' });
    assert.deepEqual((await readyz()).body.books, { inRedis: 9, markets: 10, needed: 9 });
    const ms = await markets();
    const s9 = ms.find((m) => m.symbol === 'S9')!;
    assert.ok(!s9.valid && !s9.everValid && s9.noBookSince > 0, 'S9 still waits for its snapshot');
    const s3 = ms.find((m) => m.symbol === 'S3')!;
    assert.equal(s3.crossed, true);
    assert.ok(s3.crossedWrites >= 1);
    assert.equal(ms.find((m) => m.symbol === 'S0')!.crossed, false);
    const crossedJson = JSON.parse((await reader.get(`${PREFIX}:book:lighter:S3`))!);
    assert.equal(crossedJson.crossed, true);
    assert.deepEqual(crossedJson.bids[0], ['101.00', '1'], 'written as the venue sent it');
    assert.equal('crossed' in JSON.parse((await reader.get(`${PREFIX}:book:lighter:S0`))!), false);
    const text = await metrics();
    assert.match(text, /^ob_market_crossed\{venue="lighter",symbol="S3"\} 1$/m);
    assert.match(text, /^ob_market_crossed_writes_total\{venue="lighter",symbol="S3"\} [1-9]/m);
    assert.match(text, /^ob_market_no_book_yet\{venue="lighter",symbol="S9"\} 1$/m);
    assert.match(text, /^ob_market_no_book_yet\{venue="lighter",symbol="S0"\} 0$/m);
  });

  it('Redis refusing writes (OOM) is its own reason in /readyz, with the fix', async () => {
    await reader.config('SET', 'maxmemory-policy', 'noeviction');
    await reader.config('SET', 'maxmemory', '1');
    try {
      ws.send(bookFrame('update/order_book', 0, 11, 10, [['98.00', '1']], []));
      await waitFor(async () => (await readyz()).body.redisProblem?.code === 'oom', { message: 'oom in /readyz' });
      const r = await readyz();
      assert.equal(r.code, 503);
      assert.match(r.body.redisProblem.fix, /maxmemory/);
      assert.ok(r.body.reasons.some((x: string) => /^redis: out of memory \(OOM/.test(x)), r.body.reasons.join(' | '));
      assert.match(await metrics(), /^ob_redis_problem\{venue="lighter",code="oom"\} 1$/m);
    } finally {
      await reader.config('SET', 'maxmemory', '0');
    }
    await waitFor(async () => (await readyz()).code === 200, { message: 'ready again' });
  });

  // Keys confirmed less than a third of their TTL ago are not checked yet: found gone within half the TTL (6 s here).
  it('a flushed Redis gets every book and {prefix}:config back', async () => {
    const patch = await app.inject({ method: 'PATCH', url: '/api/config', payload: { depth: 7 } });
    assert.equal(patch.statusCode, 200, patch.body);
    assert.ok(await reader.get(`${PREFIX}:config`));
    await reader.flushall();
    await waitFor(async () => (await reader.keys(`${PREFIX}:book:*`)).length === 9, { timeoutMs: 30_000, message: 'the 9 books rewritten' });
    await waitFor(async () => (await reader.get(`${PREFIX}:config`)) !== null, { timeoutMs: 30_000, message: 'config re-persisted' });
    assert.equal(JSON.parse((await reader.get(`${PREFIX}:config`))!).settings.depth, 7);
  });
});
