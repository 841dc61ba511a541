// ?venue= on /api/feed, /api/streams and /api/capture with two venues (Lighter and OKX
// simulators, their production adapters, one real Redis): each answers for the venue asked,
// all venues without it, and a 404 naming the venues for one this server does not stream.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { silentLog } from '@ob/core';
import { venueEntry } from '@ob/feeds';
import { FeedConnections, StreamsResponse, type CaptureResponse } from '@ob/protocol';
import { simulatedVenue, type RunningSimulator } from '@ob/simulator';
import { createRedisClient, createRedisSink, createStreamer, type SnapshotSink } from '@ob/streamer';
import { startRedis, waitFor, type TestRedis } from '@ob/testkit';
import type { FastifyInstance } from 'fastify';
import { Value } from 'typebox/value';
import { buildApp } from '../src/app';
import { createEngines, type Engine } from '../src/engines/engines';

const VENUES = ['lighter', 'okx'] as const;
let redis: TestRedis;
let app: FastifyInstance;
let appRedis: ReturnType<typeof createRedisClient>;
const sims: RunningSimulator[] = [];
const sinks: SnapshotSink[] = [];
const engines: Engine[] = [];
/** The venue whose capture the fake answers for (only okx "records"). */
const recording = (dir: string): CaptureResponse['recording'] => ({
  dir, file: `${dir}/capture-000001.obcap.gz`, parts: 1, rotations: 0, bytes: 10, rawBytes: 80,
  frames: 5, connections: 1, droppedFrames: 0, rotateBytes: 1024, error: null, startedAt: 0,
});

before(async () => {
  redis = await startRedis();
  for (const venue of VENUES) {
    const sim = await simulatedVenue(venue)!.start({ rate: 100 });
    sims.push(sim);
    const feed = venueEntry(venue)!.createFeed({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, symbols: [], log: silentLog });
    const sink = createRedisSink({ url: redis.url, prefix: 'obq', venue, log: silentLog });
    sinks.push(sink);
    engines.push({
      venue, source: `sim-${venue}`, streamer: createStreamer({ feed, source: `sim-${venue}`, sink, log: silentLog }),
      ...(feed.view ? { feedView: () => feed.view!() } : {}),
    });
  }
  appRedis = createRedisClient(redis.url);
  app = await buildApp({
    engines: createEngines(engines), redis: appRedis, logger: false,
    startup: { host: '127.0.0.1', adminToken: '', allowedOrigins: '', statsHz: 10, prefix: 'obq' },
    live: { stream: 'snapshot' },
    capture: (venue) => ({ recording: venue === 'okx' ? recording('/cap/okx') : null, replay: null }),
  });
  await Promise.all(engines.map((e) => e.streamer.start()));
  await waitFor(() => engines.every((e) => e.streamer.markets().some((m) => m.valid)), { timeoutMs: 60_000, message: 'both venues have books' });
});

after(async () => {
  await app?.close();
  await Promise.all(engines.map((e) => e.streamer.stop()));
  await Promise.all(sinks.map((s) => s.close()));
  await Promise.all(sims.map((s) => s.stop().catch(() => {})));
  appRedis?.disconnect();
  await redis?.stop();
});

const get = async (url: string) => app.inject({ method: 'GET', url });

test('GET /api/feed?venue= answers that venue\'s connections; without it, the first venue\'s', async () => {
  for (const venue of VENUES) {
    const res = await get(`/api/feed?venue=${venue}`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as FeedConnections;
    assert.ok(Value.Check(FeedConnections, body));
    assert.equal(body.venue, venue);
    const markets = engines.find((e) => e.venue === venue)!.streamer.markets().length;
    assert.equal(body.connections.reduce((n, c) => n + c.markets, 0), markets, `${venue}: every market on a connection`);
  }
  assert.equal((await get('/api/feed')).json().venue, 'lighter');
});

test('GET /api/streams?venue= holds that venue\'s streams, channel and entries only', async () => {
  await waitFor(async () => ((await get('/api/streams?venue=okx')).json() as StreamsResponse).entries > 0, { timeoutMs: 30_000, message: 'okx stream entries' });
  const all = (await get('/api/streams')).json() as StreamsResponse;
  const okx = (await get('/api/streams?venue=okx')).json() as StreamsResponse;
  assert.ok(Value.Check(StreamsResponse, okx));
  assert.equal(okx.channel, 'obq:updates:okx');
  assert.equal(okx.channels, undefined, 'one venue: no per-venue list');
  assert.ok(okx.streams.length > 0 && okx.streams.every((s) => s.venue === 'okx' && s.key.startsWith('obq:stream:okx:')));
  assert.deepEqual(new Set(all.streams.map((s) => s.venue)), new Set(VENUES));
  assert.deepEqual(all.channels?.map((c) => c.venue), [...VENUES]);
  assert.equal(okx.streams.length, all.streams.filter((s) => s.venue === 'okx').length);
  const after = (await get('/api/streams')).json() as StreamsResponse;
  assert.ok(okx.entries > 0 && okx.entries < after.entries, 'okx\'s entries are a part of every venue\'s, read after');
});

test('GET /api/capture?venue= asks for that venue\'s capture', async () => {
  assert.equal((await get('/api/capture?venue=okx')).json().recording.dir, '/cap/okx');
  assert.equal((await get('/api/capture?venue=lighter')).json().recording, null);
});

test('an unknown venue is a 404 that names the venues streamed', async () => {
  for (const path of ['/api/feed', '/api/streams', '/api/capture', '/api/stats']) {
    const res = await get(`${path}?venue=kraken`);
    assert.equal(res.statusCode, 404, path);
    assert.match(res.json().message, /Unknown venue "kraken"; this server streams lighter, okx/, path);
  }
  assert.equal((await get('/api/feed?venue=')).statusCode, 400, 'an empty venue is refused by the schema');
});
