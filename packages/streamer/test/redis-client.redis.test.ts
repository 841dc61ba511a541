// The app's ioredis client (createRedisClient) against a real redis-server: it names itself,
// and an ACL user that may not run CLIENT (so no CLIENT SETNAME) still reads and writes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startRedis, waitFor, type TestRedis } from '@ob/testkit';
import { createRedisClient } from '../src/redis-client';

let server: TestRedis;
let admin: Redis;

before(async () => {
  server = await startRedis();
  admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
});
after(async () => {
  admin.disconnect();
  await server.stop();
});

test('the client names itself in CLIENT LIST', async () => {
  const client = createRedisClient(server.url);
  try {
    await waitFor(() => client.status === 'ready', { message: 'ready' });
    await client.set('named', '1');
    assert.match(String(await admin.call('CLIENT', 'LIST')), /name=orderbook-streamer /);
  } finally { client.disconnect(); }
});

test('an ACL user without +client: the name is skipped, commands work', async () => {
  await admin.call('ACL', 'SETUSER', 'noclient', 'on', '>pw', '~*', '&*', '+@all', '-client');
  const client = createRedisClient(`redis://noclient:pw@127.0.0.1:${server.port}`);
  try {
    await waitFor(() => client.status === 'ready', { message: 'ready without a name' });
    await client.set('acl:k', 'v');
    assert.equal(await admin.get('acl:k'), 'v');
    assert.equal(await client.get('acl:k'), 'v');
    const mine = String(await admin.call('CLIENT', 'LIST')).split('\n').filter((l) => l.includes('user=noclient'));
    assert.equal(mine.length, 1, 'one connection as noclient');
    assert.match(mine[0]!, /name= /, 'no name was set');
  } finally { client.disconnect(); }
});
