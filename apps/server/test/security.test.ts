import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../src/errors';
import { accessFor, createAuthGuard } from '../src/security/auth';
import { createHostCheck, isLoopback, parseHost } from '../src/security/hosts';
import { createOriginCheck } from '../src/security/origin';

const req = (authorization?: string) => ({ ip: '10.0.0.9', headers: authorization ? { authorization } : {} }) as unknown as FastifyRequest;
const codeOf = (fn: () => unknown) => {
  try { fn(); } catch (e) { return (e as AppError).code; }
  return 'none';
};

test('loopback addresses: all of 127.0.0.0/8 in every spelling the URL parser accepts, ::1, localhost', () => {
  for (const h of ['127.0.0.1', 'localhost', 'LOCALHOST', 'app.localhost', '::1', '[::1]', '127.1.2.3', '127.0.0.2', '127.1', '127.0.1',
    '0x7f.0.0.1', '2130706433', '0177.0.0.1', '::ffff:127.0.0.1', '[::ffff:127.9.8.7]', '0:0:0:0:0:0:0:1', '127.1:8080', '[::1]:8080']) assert.ok(isLoopback(h), h);
  for (const h of ['0.0.0.0', '::', '192.168.1.2', '', 'example.com', '128.0.0.1', '::2', '[::ffff:10.0.0.1]', 'localhost.example', '127.0.0.1.example', 'a b']) {
    assert.ok(!isLoopback(h), h);
  }
  assert.deepEqual(parseHost('127.1:8080'), { hostname: '127.0.0.1', port: '8080' });
  assert.deepEqual(parseHost('LocalHost:80'), { hostname: 'localhost', port: '' });
  for (const bad of ['evil.example/@127.0.0.1', 'a@127.0.0.1', 'x y', '', 'a:b:c:zz']) assert.equal(parseHost(bad), undefined, bad);
});

test('host check: IP addresses, localhost, the bind name and ALLOWED_HOSTS; any other name is refused (DNS rebinding)', () => {
  const loop = createHostCheck('127.0.0.1', '');
  for (const h of ['127.0.0.1:8080', '127.1:8080', '[::1]:8080', 'localhost:8080', 'localhost', 'dash.localhost:8080', '10.1.2.3:8080', undefined]) {
    assert.ok(loop(h), String(h));
  }
  for (const h of ['evil.example', 'evil.example:8080', 'localhost.evil.example', '127.0.0.1.nip.io:8080', 'ops.example.com', '', 'x/y', 'a@127.0.0.1']) {
    assert.ok(!loop(h), h);
  }
  const named = createHostCheck('0.0.0.0', 'ops.example.com, .corp.example');
  for (const h of ['ops.example.com', 'OPS.example.com:8080', 'corp.example', 'a.b.corp.example:1', '192.168.1.2:8080']) assert.ok(named(h), h);
  for (const h of ['example.com', 'evilcorp.example', 'ops.example.com.evil.example']) assert.ok(!named(h), h);
  assert.ok(createHostCheck('dash.internal', '')('dash.internal:8080'), 'the HOST it is bound to is its own name');
  assert.ok(createHostCheck('127.0.0.1', '*')('evil.example'), '* turns the check off');
});

test('access: public bind without token is read-only; a token makes it writable', () => {
  assert.deepEqual(accessFor('127.0.0.1', ''), { readOnly: false, tokenRequired: false });
  assert.deepEqual(accessFor('0.0.0.0', ''), { readOnly: true, tokenRequired: false });
  assert.deepEqual(accessFor('0.0.0.0', 's3cret'), { readOnly: false, tokenRequired: true });
});

test('auth guard: token required, wrong or missing → ERR_UNAUTHORIZED; read-only → ERR_READ_ONLY', () => {
  const guard = createAuthGuard('0.0.0.0', 's3cret');
  assert.equal(codeOf(() => guard.check(req())), 'ERR_UNAUTHORIZED');
  assert.equal(codeOf(() => guard.check(req('Bearer nope'))), 'ERR_UNAUTHORIZED');
  assert.equal(codeOf(() => guard.check(req('Basic s3cret'))), 'ERR_UNAUTHORIZED');
  assert.equal(codeOf(() => guard.check(req('Bearer s3cret2'))), 'ERR_UNAUTHORIZED');
  assert.match(guard.check(req('Bearer s3cret')), /token holder at 10\.0\.0\.9/);
  assert.equal(codeOf(() => createAuthGuard('0.0.0.0', '').check(req('Bearer x'))), 'ERR_READ_ONLY');
  assert.match(createAuthGuard('127.0.0.1', '').check(req()), /local user/);
});

test('origin: same origin or none by default; ALLOWED_ORIGINS widens it', () => {
  const strict = createOriginCheck('');
  assert.ok(strict(undefined, 'localhost:9300'), 'non-browser clients send no Origin');
  assert.ok(strict('http://localhost:9300', 'localhost:9300'));
  assert.ok(strict('http://LOCALHOST:9300', 'localhost:9300'));
  assert.ok(!strict('http://evil.example', 'localhost:9300'));
  assert.ok(!strict('http://localhost:5173', 'localhost:9300'));
  assert.ok(!strict('null', 'localhost:9300'));
  const dev = createOriginCheck('http://localhost:5173, https://ops.example.com');
  assert.ok(dev('http://localhost:5173', 'localhost:9300'));
  assert.ok(dev('https://ops.example.com', 'localhost:9300'));
  assert.ok(!dev('http://evil.example', 'localhost:9300'));
  assert.ok(createOriginCheck('*')('http://evil.example', 'localhost:9300'));
});

test('origin: compared whole (scheme, host, port), after normalization', () => {
  const strict = createOriginCheck('');
  assert.ok(!strict('https://localhost:9300', 'localhost:9300'), 'another scheme is another origin');
  assert.ok(!strict('ws://localhost:9300', 'localhost:9300'));
  assert.ok(!strict('http://localhost:9301', 'localhost:9300'), 'another port');
  assert.ok(!strict('http://localhost', 'localhost:9300'));
  assert.ok(strict('http://localhost', 'localhost:80'), 'the default port written or not');
  assert.ok(strict('http://127.0.0.1:9300', '127.1:9300'), '127.1 is 127.0.0.1');
  assert.ok(strict('http://127.1:9300', '127.0.0.1:9300'));
  assert.ok(strict('http://[::1]:9300', '[0:0:0:0:0:0:0:1]:9300'));
  assert.ok(!strict('http://evil.example:9300', 'evil.example/@localhost:9300'), 'a Host that is not one');
  assert.ok(!strict('file:///x', 'localhost:9300'));
  const proxied = createOriginCheck('https://ops.example.com');
  assert.ok(proxied('https://ops.example.com', 'ops.example.com'));
  assert.ok(!proxied('http://ops.example.com:443', 'localhost:9300'));
});
