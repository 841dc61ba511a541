// REST routes against the real stack: simulator → Lighter feed → engine → Redis.
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BookSnapshot, ConfigResponse, ErrorBody, RedisBookResponse, StatsSnapshot } from '@ob/protocol';
import { startRedis, waitFor, type TestRedis } from '@ob/testkit';
import { Value } from 'typebox/value';
import { buildApp } from '../src/app';
import { STALENESS_BUCKETS_MS } from '../src/metrics/registry';
import { parsePrometheus, startStack, type Stack } from './harness';

let redis: TestRedis;
let stack: Stack;
let symbol: string;

before(async () => {
  redis = await startRedis();
  stack = await startStack({ redis });
  await waitFor(() => {
    const list = stack.streamer.markets();
    return list.length > 0 && list.every((m) => m.valid);
  }, { message: 'every market valid' });
  symbol = stack.streamer.markets()[0]!.symbol;
});
after(async () => {
  await stack?.close();
  await redis?.stop();
});

const get = (url: string) => stack.app.inject({ method: 'GET', url });
const patch = (payload: unknown, headers: Record<string, string> = {}) =>
  stack.app.inject({ method: 'PATCH', url: '/api/config', payload: payload as object, headers });

function assertError(res: { statusCode: number; json(): unknown }, status: number, code: string): ErrorBody {
  assert.equal(res.statusCode, status);
  const body = res.json() as ErrorBody;
  assert.ok(Value.Check(ErrorBody, body), JSON.stringify(body));
  assert.equal(body.code, code);
  assert.equal(body.statusCode, status);
  return body;
}

test('GET /api/stats: current figures and ?seconds of history', async () => {
  await waitFor(async () => (await get('/api/stats')).json().totals.snapshots > 0, { message: 'snapshots written' });
  const res = await get('/api/stats?seconds=3');
  assert.equal(res.statusCode, 200);
  const stats = res.json();
  assert.ok(Value.Check(StatsSnapshot, stats), 'matches the protocol schema');
  assert.ok(stats.history.length <= 3);
  assert.ok(stats.totals.messages > 0);
  assert.equal(res.headers['access-control-allow-origin'], undefined, 'no CORS headers');
});

test('GET /api/stats: a bad ?seconds names the field and its range', async () => {
  const body = assertError(await get('/api/stats?seconds=0'), 400, 'ERR_BAD_REQUEST');
  assert.equal(body.fields?.[0]?.field, 'seconds');
  assert.match(body.fields![0]!.allowed, /integer from 1 to 900/);
  assertError(await get('/api/stats?seconds=lots'), 400, 'ERR_BAD_REQUEST');
});

test('GET /api/config: settings, no change yet, and the access mode', async () => {
  const res = await get('/api/config');
  assert.equal(res.statusCode, 200);
  const cfg = res.json() as ConfigResponse;
  assert.ok(Value.Check(ConfigResponse, cfg));
  assert.equal(cfg.settings.batchIntervalMs, 100);
  assert.deepEqual(cfg.access, { readOnly: false, tokenRequired: false });
});

test('PATCH /api/config applies, logs who/when and persists in Redis', async () => {
  const res = await patch({ depth: 20 });
  assert.equal(res.statusCode, 200, res.body);
  const cfg = res.json() as ConfigResponse;
  assert.equal(cfg.settings.depth, 20);
  assert.deepEqual(cfg.lastChange?.changed, ['depth']);
  assert.match(cfg.lastChange!.by, /local user at 127\.0\.0\.1/);
  const stored = JSON.parse((await stack.redis.get('obt:config'))!);
  assert.equal(stored.settings.depth, 20);
  assert.deepEqual(stored.lastChange.changed, ['depth']);
  // It reaches Redis on a following flush: written books are cut at the new depth.
  await waitFor(async () => {
    const r = (await get(`/api/markets/${symbol}/redis`)).json() as RedisBookResponse;
    return r.snapshot && r.snapshot.bids.length <= 20 && r.snapshot.asks.length <= 20;
  }, { message: 'books written at depth 20' });
});

test('PATCH /api/config: out of range → 400 naming the field and range, nothing half-applied', async () => {
  const beforeCfg = (await get('/api/config')).json() as ConfigResponse;
  const body = assertError(await patch({ depth: 30, batchIntervalMs: 0 }), 400, 'ERR_CONFIG_RANGE');
  const f = body.fields?.find((x) => x.field === 'batchIntervalMs');
  assert.ok(f, JSON.stringify(body));
  assert.equal(f.allowed, 'must be an integer from 1 to 10000');
  assert.match(body.message, /batchIntervalMs must be an integer from 1 to 10000/);
  assert.deepEqual((await get('/api/config')).json(), beforeCfg, 'depth was not applied either');

  const unknown = assertError(await patch({ batchIntervalMS: 5 }), 400, 'ERR_CONFIG_RANGE');
  assert.equal(unknown.fields?.[0]?.field, 'batchIntervalMS');
  const cross = assertError(await patch({ batchIntervalMs: 2000, maxStalenessMs: 1000 }), 400, 'ERR_CONFIG_RANGE');
  assert.ok(cross.fields?.some((x) => x.field === 'maxStalenessMs' || x.field === 'batchIntervalMs'), JSON.stringify(cross));
});

test('PATCH /api/config: malformed bodies are 400/413 with a hint', async () => {
  assertError(await patch([1, 2]), 400, 'ERR_BAD_REQUEST');
  const badJson = await stack.app.inject({ method: 'PATCH', url: '/api/config', payload: '{"depth":', headers: { 'content-type': 'application/json' } });
  assertError(badJson, 400, 'ERR_BAD_REQUEST');
  const big = await stack.app.inject({ method: 'PATCH', url: '/api/config', payload: { markets: Array.from({ length: 9000 }, (_, i) => `SYMBOL${i}`) } });
  const body = assertError(big, 413, 'ERR_BAD_REQUEST');
  assert.match(body.message, /larger than the server accepts \(65536 bytes\)/);
});

test('GET /api/markets lists every market with its figures', async () => {
  const res = await get('/api/markets');
  assert.equal(res.statusCode, 200);
  const { markets } = res.json();
  assert.equal(markets.length, 8);
  assert.ok(markets.some((m: { symbol: string }) => m.symbol === symbol));
});

test('GET /api/markets/:symbol/book: the in-memory book at ?depth, 404 when unknown', async () => {
  const res = await get(`/api/markets/${symbol}/book?depth=5`);
  assert.equal(res.statusCode, 200);
  const book = res.json();
  assert.ok(Value.Check(BookSnapshot, book));
  assert.equal(book.symbol, symbol);
  assert.ok(book.bids.length > 0 && book.bids.length <= 5);
  assert.ok(Number(book.bids[0]![0]) < Number(book.asks[0]![0]), 'best bid below best ask');
  const bad = assertError(await get(`/api/markets/${symbol}/book?depth=0`), 400, 'ERR_BAD_REQUEST');
  assert.equal(bad.fields?.[0]?.field, 'depth');
  const missing = assertError(await get('/api/markets/NOPE/book'), 404, 'ERR_NOT_FOUND');
  assert.match(missing.message, /Unknown market "NOPE".*GET \/api\/markets/);
});

test('GET /api/markets/:symbol/redis: what Redis holds, gunzipped when compressed', async () => {
  const plain = (await get(`/api/markets/${symbol}/redis`)).json() as RedisBookResponse;
  assert.ok(Value.Check(RedisBookResponse, plain));
  assert.equal(plain.key, `obt:book:${stack.venue}:${symbol}`);
  assert.equal(plain.compressed, false);
  assert.ok(plain.ttlSeconds > 0 && plain.ttlSeconds <= 60);
  assert.equal(plain.snapshot?.symbol, symbol);

  assert.equal((await patch({ compression: 'gzip' })).statusCode, 200);
  const gz = await waitFor(async () => {
    const r = (await get(`/api/markets/${symbol}/redis`)).json() as RedisBookResponse;
    return r.compressed && r.snapshot ? r : undefined;
  }, { message: 'a gzip snapshot' });
  assert.equal(gz.key, `obt:book:${stack.venue}:${symbol}:gz`);
  assert.equal(gz.snapshot?.symbol, symbol);
  assert.ok(gz.snapshot!.bids.length > 0);
  assert.equal((await patch({ compression: 'none' })).statusCode, 200);

  assertError(await get('/api/markets/NOPE/redis'), 404, 'ERR_NOT_FOUND');
});

test('/healthz and /readyz', async () => {
  assert.equal((await get('/healthz')).statusCode, 200);
  const ready = await get('/readyz');
  assert.equal(ready.statusCode, 200, ready.body);
  const body = ready.json();
  assert.deepEqual({ ...body, books: undefined, venues: undefined }, { status: 'ready', feed: 'connected', redis: 'writable', books: undefined, venues: undefined });
  assert.ok(body.books.inRedis >= body.books.needed && body.books.needed >= 1, JSON.stringify(body.books));
  assert.deepEqual(Object.keys(body.venues), ['lighter']);
  assert.equal(body.venues.lighter.ready, true);
});

test('GET /metrics is Prometheus text with the engine figures', async () => {
  const res = await get('/metrics');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/plain/);
  const { samples, types } = parsePrometheus(res.body);
  for (const name of ['ob_messages_total', 'ob_bytes_total', 'ob_snapshots_total', 'ob_pipelines_total', 'ob_gaps_total', 'ob_redis_errors_total']) {
    assert.equal(types.get(name), 'counter', name);
  }
  assert.ok(samples.get('ob_messages_total{venue="lighter"}')! > 0);
  assert.ok(samples.get('ob_snapshots_total{venue="lighter"}')! > 0);
  assert.ok(samples.get('ob_pipelines_total{venue="lighter"}')! > 0);
  assert.equal(samples.get('ob_feed_connected{venue="lighter"}'), 1);
  assert.equal(samples.get('ob_redis_writable{venue="lighter"}'), 1);
  assert.equal(samples.get('ob_valid_markets{venue="lighter"}'), 8);
  assert.ok(samples.has('ob_flush_duration_ms{venue="lighter",quantile="0.99"}'));
  assert.ok(samples.get(`ob_market_messages_total{venue="lighter",symbol="${symbol}"}`)! > 0);
  assert.ok(samples.get(`ob_market_writes_total{venue="lighter",symbol="${symbol}"}`)! > 0);
  assert.ok(samples.has('process_resident_memory_bytes'), 'default metrics');
});

test('GET /metrics: the staleness histogram counts every write, in cumulative buckets up to +Inf', async () => {
  const { samples } = parsePrometheus((await get('/metrics')).body);
  const buckets = [...STALENESS_BUCKETS_MS.map(String), '+Inf'].map((le) => samples.get(`ob_write_staleness_ms_bucket{venue="lighter",le="${le}"}`));
  assert.ok(buckets.every((v) => v !== undefined), `every bucket present: ${buckets.join(',')}`);
  for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i]! >= buckets[i - 1]!, `cumulative at ${i}: ${buckets.join(',')}`);
  const count = samples.get('ob_write_staleness_ms_count{venue="lighter"}')!;
  assert.equal(buckets.at(-1), count, '+Inf is the count');
  assert.equal(count, samples.get('ob_snapshots_total{venue="lighter"}'), 'one observation per snapshot written');
  assert.ok(count > 0 && buckets[0]! < count, 'writes take more than 1 ms from first change to ack');
  assert.ok(samples.get('ob_write_staleness_ms_sum{venue="lighter"}')! > 0);
});

test('unknown routes: coded 404 JSON; without a built UI, / says how to build it', async () => {
  assertError(await get('/api/nothing-here'), 404, 'ERR_NOT_FOUND');
  const root = await get('/');
  assert.equal(root.statusCode, 200);
  assert.match(root.body, /npm run build/);
});

test('a 5xx body carries no internals', async () => {
  const broken = new Proxy(stack.streamer, {
    get(target, key) {
      if (key === 'stats') return () => { throw new Error('secret detail at /srv/internal.ts:42'); };
      const v = Reflect.get(target, key);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  const app = await buildApp({
    streamer: broken, redis: null, logger: false,
    startup: { host: '127.0.0.1', adminToken: '', allowedOrigins: '', statsHz: 1, prefix: 'obt-broken' },
  });
  try {
    const body = assertError(await app.inject({ method: 'GET', url: '/api/stats' }), 500, 'ERR_INTERNAL');
    assert.doesNotMatch(JSON.stringify(body), /secret|internal\.ts/);
    assert.match(body.message, /request id/);
  } finally {
    await app.close();
  }
});

test('serves the built UI with an SPA fallback for client routes', async () => {
  const dist = await mkdtemp(join(tmpdir(), 'ob-web-'));
  await mkdir(join(dist, 'assets'));
  await writeFile(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(join(dist, 'assets', 'app.js'), 'console.log(1)');
  const app = await buildApp({
    streamer: stack.streamer, redis: null, logger: false, webDist: dist,
    startup: { host: '127.0.0.1', adminToken: '', allowedOrigins: '', statsHz: 1, prefix: 'obt-spa' },
  });
  try {
    const index = await app.inject({ url: '/' });
    assert.equal(index.statusCode, 200);
    assert.match(index.body, /id="root"/);
    const route = await app.inject({ url: `/markets/${symbol}` });
    assert.equal(route.statusCode, 200);
    assert.match(String(route.headers['content-type']), /text\/html/);
    assert.match(route.body, /id="root"/);
    const asset = await app.inject({ url: '/assets/app.js' });
    assert.equal(asset.body, 'console.log(1)');
    assertError(await app.inject({ url: '/api/missing' }), 404, 'ERR_NOT_FOUND');
  } finally {
    await app.close();
    await rm(dist, { recursive: true, force: true });
  }
});
