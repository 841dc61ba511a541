import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../src/errors';
import { accessFor, createAuthGuard, isLoopback } from '../src/security/auth';
import { createOriginCheck } from '../src/security/origin';

const req = (authorization?: string) => ({ ip: '10.0.0.9', headers: authorization ? { authorization } : {} }) as unknown as FastifyRequest;
const codeOf = (fn: () => unknown) => {
  try { fn(); } catch (e) { return (e as AppError).code; }
  return 'none';
};

test('loopback addresses', () => {
  for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) assert.ok(isLoopback(h), h);
  for (const h of ['0.0.0.0', '::', '192.168.1.2', '', 'example.com']) assert.ok(!isLoopback(h), h);
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
