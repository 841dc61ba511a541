// Redis selection at start: REDIS_URL, a local Redis that answers, a private redis-server, or none.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort, startRedis } from '@ob/testkit';
import { redactUrl } from '@ob/streamer';
import { ping, selectRedis } from '../src/redis/select';

function recorder() {
  const lines: string[] = [];
  return { lines, log: { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(`WARN ${m}`) } };
}

test('REDIS_URL wins and is logged without its password', async () => {
  const { lines, log } = recorder();
  const choice = await selectRedis('redis://user:hunter2@127.0.0.1:9/1', log);
  assert.equal(choice.kind, 'url');
  assert.doesNotMatch(lines.join('\n'), /hunter2/);
  assert.equal(redactUrl('redis://:pw@h:1/2'), 'redis://:***@h:1/2');
});

test('a Redis answering PING on the local port is used', async () => {
  const redis = await startRedis();
  try {
    const choice = await selectRedis('', recorder().log, { localPort: redis.port });
    assert.equal(choice.kind, 'local');
    assert.equal(choice.url, redis.url);
  } finally {
    await redis.stop();
  }
});

test('nothing local: a private redis-server is spawned, and stop() kills it', async () => {
  const { lines, log } = recorder();
  const choice = await selectRedis('', log, { localPort: await freePort() });
  assert.equal(choice.kind, 'private');
  const port = Number(new URL(choice.url).port);
  assert.ok(await ping('127.0.0.1', port, 1000), 'it answers');
  assert.match(lines.join('\n'), /private redis-server/);
  await choice.stop();
  assert.equal(await ping('127.0.0.1', port, 1000), false, 'gone after stop');
});

test('no Redis at all: runs without, with a loud warning', async () => {
  const { lines, log } = recorder();
  const choice = await selectRedis('', log, { localPort: await freePort(), redisServer: 'redis-server-that-does-not-exist' });
  assert.equal(choice.kind, 'none');
  assert.match(lines.join('\n'), /WARN NO REDIS: books are not being written/);
});
