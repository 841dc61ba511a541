// Live tuning end to end: a PATCH changes the flush cadence seen in Redis, and survives a restart.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ConfigResponse } from '@ob/protocol';
import { createRedisClient, updatesChannel } from '@ob/streamer';
import { waitForRedis } from '../src/redis/ready';
import { startRedis, waitFor, type TestRedis } from '@ob/testkit';
import { startStack, type Stack } from './harness';

let redis: TestRedis;
before(async () => { redis = await startRedis(); });
after(async () => { await redis?.stop(); });

/** Messages the engine must take in per counting window: a window is measured in feed traffic, not time. */
const WINDOW_MESSAGES = 1600;

test('PATCH batchIntervalMs 100 → 1000 makes the PUBLISH cadence on {prefix}:updates:{venue} drop', async () => {
  const stack = await startStack({ redis, prefix: 'obt-cad', sim: { rate: 800, markets: 8 } });
  const sub = createRedisClient(redis.url);
  try {
    let published = 0;
    sub.on('message', () => { published++; });
    await waitForRedis(sub, 10_000);
    await sub.subscribe(updatesChannel('obt-cad', stack.venue));
    const messagesIn = () => stack.streamer.stats(1).totals.messages;

    const countWindow = async () => {
      const startMsgs = messagesIn();
      const startPub = published;
      await waitFor(() => messagesIn() - startMsgs >= WINDOW_MESSAGES, { timeoutMs: 60_000, message: `${WINDOW_MESSAGES} messages in` });
      return published - startPub;
    };

    await waitFor(() => published > 0, { message: 'a first flush' });
    const beforeCount = await countWindow();
    const res = await stack.app.inject({ method: 'PATCH', url: '/api/config', payload: { batchIntervalMs: 1000 } });
    assert.equal(res.statusCode, 200, res.body);
    // Takes effect on the next flush: start counting after it.
    const mark = published;
    await waitFor(() => published > mark, { message: 'a flush after the change' });
    const afterCount = await countWindow();

    assert.ok(beforeCount >= 6, `enough flushes at 100 ms to compare (${beforeCount})`);
    assert.ok(afterCount * 2 <= beforeCount, `flushes per ${WINDOW_MESSAGES} messages: ${beforeCount} at 100 ms, ${afterCount} at 1000 ms`);
  } finally {
    await sub.quit().catch(() => {});
    await stack.close();
  }
});

test('the operator tuning survives a restart; CLI/env values given at start win over it', async () => {
  const first = await startStack({ redis, prefix: 'obt-rst', run: false, sim: { markets: 2 } });
  const changed = await first.app.inject({ method: 'PATCH', url: '/api/config', payload: { batchIntervalMs: 1000, depth: 20 } });
  assert.equal(changed.statusCode, 200, changed.body);
  await first.close();

  const second = await startStack({ redis, prefix: 'obt-rst', run: false, sim: { markets: 2 } });
  try {
    const cfg = (await second.app.inject({ url: '/api/config' })).json() as ConfigResponse;
    assert.equal(cfg.settings.batchIntervalMs, 1000);
    assert.equal(cfg.settings.depth, 20);
    assert.deepEqual(cfg.lastChange?.changed.sort(), ['batchIntervalMs', 'depth']);
    assert.equal(second.streamer.settings().batchIntervalMs, 1000, 'the engine runs with it');
  } finally {
    await second.close();
  }

  const third = await startStack({ redis, prefix: 'obt-rst', run: false, sim: { markets: 2 }, live: { depth: 30 } });
  try {
    const cfg = (await third.app.inject({ url: '/api/config' })).json() as ConfigResponse;
    assert.equal(cfg.settings.depth, 30, 'explicit start value wins');
    assert.equal(cfg.settings.batchIntervalMs, 1000, 'the rest is restored');
  } finally {
    await third.close();
  }
});

test('a persisted config that no longer validates is dropped field by field, never fatal', async () => {
  const client = createRedisClient(redis.url);
  await waitForRedis(client, 10_000);
  try {
    await client.set('obt-bad:config', JSON.stringify({ settings: { batchIntervalMs: 0, depth: 25 }, lastChange: null }));
    const s = await startStack({ redis, prefix: 'obt-bad', run: false, sim: { markets: 2 } });
    const cfg = (await s.app.inject({ url: '/api/config' })).json() as ConfigResponse;
    await s.close();
    assert.equal(cfg.settings.depth, 25);
    assert.equal(cfg.settings.batchIntervalMs, 100);

    await client.set('obt-junk:config', '{not json');
    const j = await startStack({ redis, prefix: 'obt-junk', run: false, sim: { markets: 2 } });
    const junk = (await j.app.inject({ url: '/api/config' })).json() as ConfigResponse;
    await j.close();
    assert.equal(junk.settings.depth, 50);
  } finally {
    await client.quit().catch(() => {});
  }
});
