// Issue 20.4, DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1 sends
// `Host: evil.example` and, being same-origin to the browser, `Origin: http://evil.example`.
// On a loopback bind without a token such a PATCH used to be accepted, and /ws opened. Now a
// Host must name this server, and origins are compared whole.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import type { ConfigResponse, ErrorBody } from '@ob/protocol';
import { startRedis, waitFor, type TestRedis } from '@ob/testkit';
import WebSocket from 'ws';
import { accessFor } from '../src/security/auth';
import { startStack, type Stack } from './harness';

let redis: TestRedis;
let stack: Stack;
let port: number;
before(async () => {
  redis = await startRedis();
  stack = await startStack({ redis, prefix: 'obt-rebind', listen: true, run: false, sim: { markets: 2 }, startup: { allowedHosts: 'dash.example' } });
  port = Number(new URL(stack.base).port);
});
after(async () => {
  await stack?.close();
  await redis?.stop();
});

/** A raw HTTP request with the Host and Origin given (fetch would not let us set Host). */
function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // agent: false: no keep-alive socket left open for the app's close to wait on.
    const req = request({ host: '127.0.0.1', port, method, path, agent: false, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const depth = async () => ((await stack.app.inject({ url: '/api/config' })).json() as ConfigResponse).settings.depth;

function wsStatus(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
    ws.once('open', () => { ws.terminate(); resolve(101); });
    ws.once('unexpected-response', (req, res) => { res.resume(); req.destroy(); resolve(res.statusCode ?? 0); });
    ws.once('error', (e) => { if (!/Unexpected server response/.test(e.message)) reject(e); });
  });
}

test('a rebinding page (Host and Origin evil.example) can neither change settings nor read anything', async () => {
  const evil = { host: `evil.example:${port}`, origin: `http://evil.example:${port}` };
  const res = await send('PATCH', '/api/config', evil, '{"depth":7}');
  assert.equal(res.status, 403, res.body);
  const body = JSON.parse(res.body) as ErrorBody;
  assert.equal(body.code, 'ERR_FORBIDDEN_HOST');
  assert.match(body.message, /ALLOWED_HOSTS/);
  assert.equal(await depth(), 50, 'nothing changed');
  for (const path of ['/api/config', '/api/markets', '/api/stats', '/api/markets/BTC/book', '/', '/markets/BTC']) {
    assert.equal((await send('GET', path, evil)).status, 403, path);
  }
  // Monitoring reads (nothing secret, nothing changed) answer under any name a scraper uses.
  assert.equal((await send('GET', '/metrics', evil)).status, 200);
  assert.equal((await send('GET', '/healthz', evil)).status, 200);
  assert.equal(await wsStatus(evil), 403, '/ws');
  // The refused upgrade's socket is closed by the server, not left open (a leak a hostile client could use).
  await waitFor(async () => await new Promise<number>((r) => stack.app.server.getConnections((_e, n) => r(n))) === 0, { message: 'no connection left open' });
});

test('the same requests by the server\'s own names pass: IP addresses in any spelling, localhost, ALLOWED_HOSTS', async () => {
  for (const host of [`127.0.0.1:${port}`, `127.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `dash.example:${port}`]) {
    const origin = `http://${host}`;
    const res = await send('PATCH', '/api/config', { host, origin }, '{"depth":9}');
    assert.equal(res.status, 200, `${host}: ${res.body}`);
    assert.equal(await wsStatus({ host, origin }), 101, `/ws by ${host}`);
    assert.equal((await send('GET', '/api/config', { host })).status, 200);
  }
  // Origins compare after normalization: a page at http://127.1 is the page at http://127.0.0.1.
  assert.equal((await send('PATCH', '/api/config', { host: `127.0.0.1:${port}`, origin: `http://127.1:${port}` }, '{"depth":10}')).status, 200);
  assert.equal(await depth(), 10);
});

test('a change or /ws from another origin is refused, scheme and port included', async () => {
  const host = `127.0.0.1:${port}`;
  for (const origin of ['http://evil.example', `https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`, 'null']) {
    const res = await send('PATCH', '/api/config', { host, origin }, '{"depth":8}');
    assert.equal(res.status, 403, `${origin}: ${res.body}`);
    assert.equal((JSON.parse(res.body) as ErrorBody).code, 'ERR_FORBIDDEN_ORIGIN');
    assert.equal(await wsStatus({ host, origin }), 403, `/ws from ${origin}`);
  }
  assert.equal(await depth(), 10, 'nothing changed');
  assert.equal((await send('PATCH', '/api/config', { host }, '{"depth":11}')).status, 200, 'no Origin: not a browser, allowed');
});

test('HOST=127.1 is a loopback bind like 127.0.0.1 and 127.0.0.2 (changes allowed without a token)', () => {
  for (const h of ['127.0.0.1', '127.0.0.2', '127.1', '::1', 'localhost']) assert.deepEqual(accessFor(h, ''), { readOnly: false, tokenRequired: false }, h);
  assert.deepEqual(accessFor('0.0.0.0', ''), { readOnly: true, tokenRequired: false });
});
