// Issues 19.2 and 19.4 on real redis-servers: Redis refusing writes (OOM under noeviction, a
// read-only replica, a wrong or missing password, MISCONF after a failed save, an ACL that
// allows only some keys). A reader is told only of books that are in Redis, and each refusal is
// its own reason, with the fix, in the status and the log.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startRedis, waitFor, type TestRedis } from '@ob/testkit';
import { createStreamer } from '../src/create-streamer';
import { createRedisSink } from '../src/redis-sink';
import type { Logger } from '../src/types';
import { FakeFeed, marketList } from './fake-feed';

const servers: TestRedis[] = [];
const clients: Redis[] = [];
after(async () => { for (const c of clients) c.disconnect(); for (const s of servers) await s.stop(); });

async function server(args: string[] = []) { const s = await startRedis({ args }); servers.push(s); return s; }
function client(url: string) { const c = new Redis(url, { maxRetriesPerRequest: 1 }); c.on('error', () => {}); clients.push(c); return c; }

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const put = (obj: unknown, msg?: string) => { lines.push(`${msg ?? ''} ${JSON.stringify(obj)}`); };
  return { lines, info: put, debug: () => {}, warn: put, error: put };
}

async function trading(url: string, prefix: string, n = 4) {
  const log = recordingLog();
  const sink = createRedisSink({ url, prefix, venue: 'v', log });
  const feed = new FakeFeed(marketList(n), 'v');
  const streamer = createStreamer({ feed, source: 'test', sink, log, settings: { batchIntervalMs: 10 } });
  await streamer.start();
  let tick = 0;
  const ticker = setInterval(() => { tick++; for (let id = 0; id < n; id++) feed.snapshot(id, [`100.${tick % 90 + 10}`, '1'], ['101.00', '1']); }, 20);
  return { log, sink, streamer, stop: async () => { clearInterval(ticker); await streamer.stop(); await sink.close(); } };
}

/** Every symbol PUBLISHed on the channel while `during` runs. */
async function announced(url: string, channel: string, during: () => Promise<void>): Promise<string[]> {
  const sub = client(url);
  const got: string[] = [];
  sub.on('message', (_c, text: string) => { got.push(...(JSON.parse(text) as string[])); });
  await sub.subscribe(channel);
  await during();
  await sub.unsubscribe(channel);
  return got;
}

test('OOM under noeviction: no key lands and nothing is announced; the reason is "oom" with the fix', async () => {
  const r = await server(['--maxmemory-policy', 'noeviction']);
  const admin = client(r.url);
  const t = await trading(r.url, 'oom');
  await waitFor(() => t.streamer.stats().totals.snapshots > 4, { message: 'writing' });
  await admin.config('SET', 'maxmemory', '1'); // every write command is refused with OOM from here on
  await admin.flushall(); // (FLUSHALL is allowed under OOM): nothing of ours is in Redis now
  try {
    const errorsBefore = t.streamer.stats().totals.redisErrors;
    const during = await announced(r.url, 'oom:updates:v', async () => { await waitFor(() => t.streamer.stats().totals.redisErrors >= errorsBefore + 5, { message: 'refused writes' }); });
    assert.deepEqual(during, [], 'no symbol announced while no SET succeeded');
    assert.equal((await admin.keys('oom:book:*')).length, 0);
    const { redis, readiness } = t.streamer.stats();
    assert.equal(redis.status, 'down');
    assert.equal(redis.problem?.code, 'oom');
    assert.match(redis.problem!.message, /^OOM/);
    assert.match(redis.problem!.fix, /maxmemory/);
    assert.equal(readiness.ready, false);
    assert.ok(readiness.reasons.some((x) => /out of memory/.test(x) && /maxmemory/.test(x)), readiness.reasons.join(' | '));
    assert.ok(t.log.lines.some((l) => /redis: out of memory: OOM .*Fix: .*maxmemory/.test(l)), t.log.lines.join('\n'));
    assert.ok(t.log.lines.filter((l) => /out of memory/.test(l)).length <= 6, 'rate-limited');
  } finally {
    await admin.config('SET', 'maxmemory', '0');
  }
  await waitFor(async () => (await admin.keys('oom:book:*')).length === 4, { message: 'written again after the OOM' });
  await waitFor(() => t.streamer.stats().redis.problem === undefined, { message: 'the reason clears' });
  await t.stop();
});

test('an ACL that allows only some keys: those are written and announced, the refused stay pending', async () => {
  const r = await server();
  const admin = client(r.url);
  await admin.call('ACL', 'SETUSER', 'half', 'on', '>pw', '~part:book:v:M0', '~part:book:v:M1', '&*', '+@all');
  const url = `redis://half:pw@127.0.0.1:${r.port}`;
  let t: Awaited<ReturnType<typeof trading>> | undefined;
  const during = await announced(r.url, 'part:updates:v', async () => {
    t = await trading(url, 'part');
    await waitFor(() => t!.streamer.stats().totals.snapshots >= 20, { message: 'the allowed markets written' });
  });
  assert.ok(during.length > 0);
  assert.deepEqual([...new Set(during)].sort(), ['M0', 'M1'], 'only the books Redis took are announced');
  assert.deepEqual((await admin.keys('part:book:*')).sort(), ['part:book:v:M0', 'part:book:v:M1']);
  const markets = t!.streamer.markets();
  assert.ok(markets.find((m) => m.symbol === 'M2')!.writes === 0 && markets.find((m) => m.symbol === 'M0')!.writes > 0);
  assert.equal(t!.streamer.stats().redis.problem?.code, 'noperm');
  await t!.stop();
});

test('a wrong password and a missing one: "auth", not "down", with the fix', async () => {
  const r = await server(['--requirepass', 'right']);
  for (const url of [`redis://:wrong@127.0.0.1:${r.port}`, `redis://127.0.0.1:${r.port}`]) {
    const t = await trading(url, 'auth');
    await waitFor(() => t.streamer.stats().redis.problem?.code === 'auth', { message: `auth problem for ${url}: ${JSON.stringify(t.streamer.stats().redis)}` });
    const p = t.streamer.stats().redis.problem!;
    assert.match(p.message, /WRONGPASS|NOAUTH/);
    assert.match(p.fix, /password in REDIS_URL/);
    assert.ok(t.streamer.stats().readiness.reasons.some((x) => /authentication failed/.test(x)));
    assert.ok(t.log.lines.some((l) => /authentication failed/.test(l) && /Fix:/.test(l)), t.log.lines.join('\n'));
    await t.stop();
  }
});

test('a read-only replica: "readonly", naming the primary as the fix', async () => {
  const primary = await server();
  const replica = await server(['--replicaof', '127.0.0.1', String(0)]);
  await client(replica.url).call('REPLICAOF', '127.0.0.1', String(primary.port));
  const t = await trading(replica.url, 'ro');
  await waitFor(() => t.streamer.stats().redis.problem?.code === 'readonly', { message: `readonly: ${JSON.stringify(t.streamer.stats().redis)}` });
  assert.match(t.streamer.stats().redis.problem!.message, /^READONLY/);
  assert.match(t.streamer.stats().redis.problem!.fix, /primary/);
  await t.stop();
});

test('MISCONF after a failed RDB save: "misconf", naming the disk and stop-writes-on-bgsave-error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'harden-misconf-'));
  const r = await server(['--dir', dir, '--save', '3600 1', '--stop-writes-on-bgsave-error', 'yes']);
  const admin = client(r.url);
  const t = await trading(r.url, 'mc');
  await waitFor(() => t.streamer.stats().totals.snapshots > 4, { message: 'writing' });
  rmSync(dir, { recursive: true, force: true }); // the next save cannot create its file
  await admin.bgsave();
  await waitFor(async () => /rdb_last_bgsave_status:err/.test(await admin.info('persistence')), { message: 'the save failed' });
  await waitFor(() => t.streamer.stats().redis.problem?.code === 'misconf', { message: `misconf: ${JSON.stringify(t.streamer.stats().redis)}` });
  assert.match(t.streamer.stats().redis.problem!.fix, /stop-writes-on-bgsave-error/);
  await t.stop();
});
