// REDIS_URL as the sink's own connection reads it: the same server, credentials and db as ioredis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRedisUrl } from '../src/resp/redis-url';

test('host, port, db and credentials', () => {
  assert.deepEqual(parseRedisUrl('redis://127.0.0.1:6380/2'), { host: '127.0.0.1', port: 6380, tls: false, username: undefined, password: undefined, db: 2 });
  assert.deepEqual(parseRedisUrl('redis://:s%40cret@redis.internal'), { host: 'redis.internal', port: 6379, tls: false, username: undefined, password: 's@cret', db: 0 });
  assert.deepEqual(parseRedisUrl('rediss://app:pw@[::1]:7000/'), { host: '::1', port: 7000, tls: true, username: 'app', password: 'pw', db: 0 });
});

test('what is not a Redis URL is refused with what was expected', () => {
  assert.throws(() => parseRedisUrl('http://127.0.0.1:6379'), /scheme must be redis: or rediss:, got "http:"/);
  assert.throws(() => parseRedisUrl('not a url'), /expected redis:\/\/\[user:password@\]host\[:port\]\[\/db\], got "not a url"/);
  assert.throws(() => parseRedisUrl('redis://h/two'), /db must be a whole number, got "two"/);
});
