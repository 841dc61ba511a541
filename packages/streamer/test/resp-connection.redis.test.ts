// The sink's own Redis connection against a real redis-server: credentials and db from the URL,
// error replies, a server that stops answering, and a wrong password, each failing the write
// with a clear error and never desynchronizing the replies from the writes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startRedis, waitFor, type TestRedis } from '@ob/testkit';
import { createRedisSink } from '../src/redis-sink';
import { respCommand } from '../src/resp/encode';
import { RedisReplyError, RespConnection } from '../src/resp/resp-connection';
import type { Logger } from '../src/types';

let server: TestRedis;
let admin: Redis;

before(async () => {
  server = await startRedis();
  admin = new Redis(server.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
  admin.on('error', () => {}); // the freeze test expects a stalled connection
});
after(async () => {
  admin.disconnect();
  await server.stop();
});

function recordingLog(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => {}, debug: () => {}, error: () => {}, warn: (obj) => { warnings.push(JSON.stringify(obj)); } };
}

const record = (symbol: string, value: string) => ({ symbol, value, compressed: false });

test('user, password and db come from the URL; the connection names itself', async () => {
  await admin.call('ACL', 'SETUSER', 'sinkuser', 'on', '>s3cret', '~*', '&*', '+@all');
  const sink = createRedisSink({ url: `redis://sinkuser:s3cret@127.0.0.1:${server.port}/3`, prefix: 'auth', venue: 'v' });
  await waitFor(() => sink.status() === 'writable', { message: 'sink connected with credentials' });
  await sink.write([record('A', '{"a":1}')], 30);
  const db3 = new Redis(`${server.url}/3`);
  assert.equal(await db3.get('auth:book:v:A'), '{"a":1}');
  assert.equal(await admin.get('auth:book:v:A'), null, 'not in db 0');
  const clients = String(await admin.call('CLIENT', 'LIST'));
  assert.match(clients, /name=orderbook-streamer-sink .*user=sinkuser/);
  db3.disconnect();
  await sink.close();
});

test('a server that refuses CLIENT SETNAME (an ACL without +client) still gets the books', async () => {
  await admin.call('ACL', 'SETUSER', 'noclient', 'on', '>pw', '~*', '&*', '+@all', '-client');
  const log = recordingLog();
  const sink = createRedisSink({ url: `redis://noclient:pw@127.0.0.1:${server.port}`, prefix: 'noname', venue: 'v', log });
  await waitFor(() => sink.status() === 'writable', { message: 'connected without a name' });
  await sink.write([record('A', 'named or not')], 30);
  assert.equal(await admin.get('noname:book:v:A'), 'named or not');
  assert.ok(log.warnings.some((w) => /NOPERM/.test(w)), `the refusal is logged: ${log.warnings.join(' | ')}`);
  await sink.close();
});

test('a wrong password: the sink stays down, refuses writes and says why in the log', async () => {
  await admin.call('ACL', 'SETUSER', 'locked', 'on', '>right', '~*', '+@all');
  const log = recordingLog();
  const sink = createRedisSink({ url: `redis://locked:wrong@127.0.0.1:${server.port}`, prefix: 'bad', venue: 'v', log });
  await waitFor(() => log.warnings.some((w) => /WRONGPASS/.test(w)), { message: 'the refusal logged' });
  assert.equal(sink.status(), 'down');
  await assert.rejects(sink.write([record('A', 'x')], 5), /not connected/);
  await sink.close();
});

test('an error reply fails that write, names the error, and the next write still lines up', async () => {
  const sink = createRedisSink({ url: server.url, prefix: 'oom', venue: 'v' });
  await waitFor(() => sink.status() === 'writable', { message: 'sink connected' });
  await admin.config('SET', 'maxmemory', '1');
  try {
    await assert.rejects(sink.write([record('A', 'one'), record('B', 'two')], 5), (err: Error) => err instanceof RedisReplyError && /OOM/.test(err.message));
    assert.equal(sink.status(), 'down');
  } finally {
    await admin.config('SET', 'maxmemory', '0');
  }
  await sink.write([record('A', 'three')], 5);
  assert.equal(await admin.get('oom:book:v:A'), 'three');
  assert.equal(sink.status(), 'writable');
  await sink.close();
});

test('a server that stops answering: the write times out, the connection is redialled, later writes land', async () => {
  const conn = new RespConnection({
    url: server.url, name: 'frozen-test', connectTimeoutMs: 500, commandTimeoutMs: 300, reconnectDelayMs: () => 50,
    keepAliveMs: 10_000, log: recordingLog(), errorLogIntervalMs: 0,
  });
  await waitFor(() => conn.isReady, { message: 'connected' });
  server.freeze();
  try {
    await assert.rejects(conn.write(respCommand('SET', 'frozen:k', 'lost'), 1), /did not answer within 300 ms/);
    assert.equal(conn.isReady, false);
  } finally {
    server.thaw();
  }
  await waitFor(() => conn.isReady, { message: 'redialled after the thaw' });
  // The stalled SET may still have reached Redis; what matters is that this reply is this write's.
  await conn.write(respCommand('SET', 'frozen:k', 'after') + respCommand('GET', 'frozen:k'), 2);
  assert.equal(await admin.get('frozen:k'), 'after');
  await conn.close();
});

test('writes in flight together and one after another each land intact (flush buffers are reused only once settled)', async () => {
  const sink = createRedisSink({ url: server.url, prefix: 'reuse', venue: 'v' });
  await waitFor(() => sink.status() === 'writable', { message: 'sink connected' });
  const value = (round: number, k: number) => `{"round":${round},"k":${k},"pad":"${'x'.repeat((round * 37 + k * 11) % 3000)}"}`;
  const batch = (round: number) => Array.from({ length: 5 }, (_, k) => record(`R${round % 4}K${k}`, value(round, k)));
  await Promise.all(Array.from({ length: 8 }, (_, round) => sink.write(batch(round), 30)));
  for (let round = 8; round < 20; round++) await sink.write(batch(round), 30);
  for (let k = 0; k < 5; k++) {
    for (let last = 16; last < 20; last++) assert.equal(await admin.get(`reuse:book:v:R${last % 4}K${k}`), value(last, k));
  }
  await sink.close();
});
