// Who may change settings: token, read-only public bind, rate limit.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ConfigResponse, ErrorBody } from '@ob/protocol';
import { startRedis, type TestRedis } from '@ob/testkit';
import { CONFIG_CHANGES_PER_MINUTE } from '../src/app';
import { FAILED_ATTEMPTS_PER_MINUTE } from '../src/security/attempts';
import { startStack, type Stack } from './harness';

let redis: TestRedis;
const stacks: Stack[] = [];
before(async () => { redis = await startRedis(); });
after(async () => {
  for (const s of stacks) await s.close();
  await redis?.stop();
});

async function idleStack(startup: { host?: string; adminToken?: string }, prefix: string): Promise<Stack> {
  const s = await startStack({ redis, prefix, startup, run: false, sim: { markets: 2 } });
  stacks.push(s);
  return s;
}

const patch = (s: Stack, payload: object, headers: Record<string, string> = {}) =>
  s.app.inject({ method: 'PATCH', url: '/api/config', payload, headers });

test('with ADMIN_TOKEN: 401 without or with a wrong token, 200 with it', async () => {
  const s = await idleStack({ adminToken: 'tok-123' }, 'obt-auth1');
  const none = await patch(s, { depth: 10 });
  assert.equal(none.statusCode, 401);
  const body = none.json() as ErrorBody;
  assert.equal(body.code, 'ERR_UNAUTHORIZED');
  assert.match(body.message, /Authorization: Bearer/);
  assert.equal((await patch(s, { depth: 10 }, { authorization: 'Bearer tok-124' })).statusCode, 401);
  assert.equal((await patch(s, { depth: 10 }, { authorization: 'tok-123' })).statusCode, 401);
  const ok = await patch(s, { depth: 10 }, { authorization: 'Bearer tok-123' });
  assert.equal(ok.statusCode, 200);
  const cfg = ok.json() as ConfigResponse;
  assert.equal(cfg.settings.depth, 10);
  assert.match(cfg.lastChange!.by, /token holder/);
  assert.deepEqual(cfg.access, { readOnly: false, tokenRequired: true });
});

test('public bind without a token is read-only: 403, reads still work', async () => {
  const s = await idleStack({ host: '0.0.0.0' }, 'obt-auth2');
  const res = await patch(s, { depth: 10 });
  assert.equal(res.statusCode, 403);
  const body = res.json() as ErrorBody;
  assert.equal(body.code, 'ERR_READ_ONLY');
  assert.match(body.message, /ADMIN_TOKEN/);
  const cfg = (await s.app.inject({ url: '/api/config' })).json() as ConfigResponse;
  assert.deepEqual(cfg.access, { readOnly: true, tokenRequired: false });
  assert.equal(cfg.settings.depth, 50, 'unchanged');
});

test('public bind with a token accepts the token holder', async () => {
  const s = await idleStack({ host: '0.0.0.0', adminToken: 'tok' }, 'obt-auth3');
  assert.equal((await patch(s, { depth: 12 }, { authorization: 'Bearer tok' })).statusCode, 200);
});

test(`config changes are rate-limited (${CONFIG_CHANGES_PER_MINUTE}/min): then 429 with Retry-After`, async () => {
  const s = await idleStack({}, 'obt-auth4');
  for (let i = 0; i < CONFIG_CHANGES_PER_MINUTE; i++) {
    assert.equal((await patch(s, { depth: 10 + (i % 5) })).statusCode, 200, `change ${i + 1}`);
  }
  const res = await patch(s, { depth: 40 });
  assert.equal(res.statusCode, 429);
  const body = res.json() as ErrorBody;
  assert.equal(body.code, 'ERR_RATE_LIMITED');
  assert.equal(body.statusCode, 429);
  assert.ok(Number(res.headers['retry-after']) > 0);
  assert.equal((await s.app.inject({ url: '/api/config' })).statusCode, 200, 'reads are not limited');
});

test('wrong tokens are limited apart from changes: after 30 of them the right token still changes settings at once', async () => {
  const s = await idleStack({ adminToken: 'right-token' }, 'obt-auth5');
  const codes: number[] = [];
  for (let i = 0; i < 30; i++) codes.push((await patch(s, { depth: 11 }, { authorization: `Bearer wrong-${i}` })).statusCode);
  assert.deepEqual(codes.slice(0, FAILED_ATTEMPTS_PER_MINUTE), Array(FAILED_ATTEMPTS_PER_MINUTE).fill(401));
  assert.deepEqual(codes.slice(FAILED_ATTEMPTS_PER_MINUTE), Array(30 - FAILED_ATTEMPTS_PER_MINUTE).fill(429));
  const limited = await patch(s, { depth: 11 }, { authorization: 'Bearer wrong-again' });
  assert.equal(limited.statusCode, 429);
  assert.equal((limited.json() as ErrorBody).code, 'ERR_TOO_MANY_ATTEMPTS');
  assert.match((limited.json() as ErrorBody).message, /right token: it is accepted at once/);
  assert.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After');
  const none = await patch(s, { depth: 11 });
  assert.equal(none.statusCode, 429, 'no token at all counts as a failed attempt too');

  const ok = await patch(s, { depth: 13 }, { authorization: 'Bearer right-token' });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal((ok.json() as ConfigResponse).settings.depth, 13);
  // The wrong ones used none of the changes budget: the token holder still has all of it.
  for (let i = 1; i < CONFIG_CHANGES_PER_MINUTE; i++) {
    assert.equal((await patch(s, { depth: 20 + (i % 5) }, { authorization: 'Bearer right-token' })).statusCode, 200, `change ${i + 1}`);
  }
  assert.equal((await patch(s, { depth: 30 }, { authorization: 'Bearer right-token' })).statusCode, 429, 'then the changes limit');
  // Another address is not limited by this one's failures.
  const other = await s.app.inject({ method: 'PATCH', url: '/api/config', payload: { depth: 12 }, headers: { authorization: 'Bearer nope' }, remoteAddress: '10.9.9.9' });
  assert.equal(other.statusCode, 401);
});
