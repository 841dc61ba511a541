// Issue 20.5: 1,000 refused PATCHes used to write 1,029 log lines. Refusals are now logged
// LOG_BURST times per error code, then once per LOG_INTERVAL_MS with the count not logged.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LOG_BURST, LOG_INTERVAL_MS, systemClock, type Clock } from '@ob/core';
import { startRedis, type TestRedis } from '@ob/testkit';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { startStack, type Stack } from './harness';

interface Line { level: number; msg: string; code?: string; suppressed?: number }

let redis: TestRedis;
const stacks: Stack[] = [];
before(async () => { redis = await startRedis(); });
after(async () => {
  for (const s of stacks) await s.close();
  await redis?.stop();
});

/** A clock the test moves on; timers are the system's (only now() matters to the limiters). */
function steppedClock(): Clock & { step(ms: number): void } {
  let offset = 0;
  return { ...systemClock, now: () => Date.now() + offset, step(ms) { offset += ms; } };
}

async function loggedStack(prefix: string, startup: { adminToken?: string }) {
  const lines: Line[] = [];
  const logger = pino({ level: 'info' }, { write(s: string) { lines.push(JSON.parse(s) as Line); } }) as unknown as FastifyBaseLogger;
  const clock = steppedClock();
  const s = await startStack({ redis, prefix, startup, run: false, sim: { markets: 2 }, logger, clock, limits: { configChangesPerMinute: 100_000 } });
  stacks.push(s);
  return { s, lines, clock };
}

const patch = (s: Stack, payload: object, headers: Record<string, string> = {}) =>
  s.app.inject({ method: 'PATCH', url: '/api/config', payload, headers });

test('1,000 invalid PATCHes: LOG_BURST lines, then one per interval carrying the count suppressed', async () => {
  const { s, lines, clock } = await loggedStack('obt-flood1', {});
  const before = lines.length;
  for (let i = 0; i < 1000; i++) assert.equal((await patch(s, { depth: 0 })).statusCode, 400);
  const during = lines.slice(before);
  assert.equal(during.filter((l) => l.code === 'ERR_CONFIG_RANGE').length, LOG_BURST);
  assert.ok(during.length <= LOG_BURST + 2, `${during.length} lines for 1,000 refusals`);

  clock.step(LOG_INTERVAL_MS);
  assert.equal((await patch(s, { depth: 0 })).statusCode, 400);
  const next = lines.slice(before + during.length).filter((l) => l.code === 'ERR_CONFIG_RANGE');
  assert.equal(next.length, 1);
  assert.equal(next[0]!.suppressed, 1000 - LOG_BURST, 'the line counts the refusals it stands for');
  assert.match(next[0]!.msg, /request refused: ERR_CONFIG_RANGE/);
});

test('1,000 wrong tokens: a few lines per code (401, then 429), not one each', async () => {
  const { s, lines } = await loggedStack('obt-flood2', { adminToken: 'the-token' });
  const before = lines.length;
  for (let i = 0; i < 1000; i++) await patch(s, { depth: 9 }, { authorization: `Bearer guess-${i}` });
  const during = lines.slice(before);
  assert.equal(during.filter((l) => l.code === 'ERR_UNAUTHORIZED').length, LOG_BURST);
  assert.equal(during.filter((l) => l.code === 'ERR_TOO_MANY_ATTEMPTS').length, LOG_BURST);
  assert.ok(during.length <= 2 * LOG_BURST + 2, `${during.length} lines`);
  assert.equal((await patch(s, { depth: 9 }, { authorization: 'Bearer the-token' })).statusCode, 200);
});
