// GET /api/streams against the real stack: stream lengths by XLEN, readers by PUBSUB NUMSUB,
// the change-stream counter in /metrics.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { StreamsResponse } from '@ob/protocol';
import { startRedis, waitFor, type TestRedis } from '@ob/testkit';
import { Value } from 'typebox/value';
import { parsePrometheus, startStack, type Stack } from './harness';

let redis: TestRedis;
let stack: Stack;
const readers: Redis[] = [];

before(async () => {
  redis = await startRedis();
  stack = await startStack({ redis, live: { stream: 'snapshot', streamMaxLen: 100 } });
});
after(async () => {
  for (const r of readers) r.disconnect();
  await stack?.close();
  await redis?.stop();
});

const streams = async () => {
  const res = await stack.app.inject({ method: 'GET', url: '/api/streams' });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as StreamsResponse;
  assert.ok(Value.Check(StreamsResponse, body), res.body);
  return body;
};

test('each market\'s stream length as Redis counts it, and the setting', async () => {
  const body = await waitFor(async () => {
    const b = await streams();
    return b.streams.length > 0 && b.streams.every((s) => s.length > 0) ? b : undefined;
  }, { message: 'every stream written' });
  assert.equal(body.mode, 'snapshot');
  assert.equal(body.maxLen, 100);
  assert.equal(body.channel, 'obt:updates:lighter');
  assert.deepEqual(body.streams.map((s) => s.symbol), stack.streamer.markets().map((m) => m.symbol).sort());
  const first = body.streams[0]!;
  assert.equal(first.key, `obt:stream:lighter:${first.symbol}`);
  const len = await stack.redis.xlen(first.key);
  assert.ok(Math.abs(len - first.length) <= 5, `XLEN ${len} vs ${first.length} a moment before`);
  // The counter is read first: a flush in between adds at most one entry per stream.
  assert.ok(body.entries >= body.streams.reduce((n, s) => n + s.length, 0) - body.streams.length, 'entries written cover what the streams hold');
});

test('readers: the connections subscribed to the updates channel', async () => {
  assert.equal((await streams()).readers, 0);
  for (let i = 0; i < 2; i++) {
    const r = new Redis(redis.url);
    readers.push(r);
    await r.subscribe('obt:updates:lighter');
  }
  assert.equal((await streams()).readers, 2);
  readers.pop()!.disconnect();
  await waitFor(async () => (await streams()).readers === 1, { message: 'one reader left' });
});

test('/metrics counts the stream entries written', async () => {
  const res = await stack.app.inject({ method: 'GET', url: '/metrics' });
  const { samples } = parsePrometheus(res.body);
  assert.ok((samples.get('ob_stream_entries_total{venue="lighter"}') ?? 0) > 0, 'ob_stream_entries_total');
});
