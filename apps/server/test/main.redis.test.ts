// The process as an operator runs it: bad settings exit 2 with one line per problem, --help,
// and a real start (private Redis, simulator) that serves, then exits 0 on SIGTERM.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startRedis, waitFor } from '@ob/testkit';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = ['--import', 'tsx', 'apps/server/src/main.ts'];
const env = (extra: Record<string, string>) => ({ ...process.env, STATS_LOG_SECONDS: '0', LOG_LEVEL: 'warn', ...extra });

test('invalid startup values: one clear line naming the field and range, exit 2', () => {
  const r = spawnSync(process.execPath, [...MAIN, '--stats-hz=50'], { cwd: ROOT, env: env({ BATCH_INTERVAL_MS: '0' }), encoding: 'utf8' });
  assert.equal(r.status, 2);
  const lines = r.stderr.trim().split('\n');
  assert.ok(lines.some((l) => /^invalid setting --stats-hz: statsHz must be an integer from 1 to 10 \(got 50\)$/.test(l)), r.stderr);
  assert.ok(lines.some((l) => /^invalid setting BATCH_INTERVAL_MS: batchIntervalMs must be an integer from 1 to 10000 \(got 0\)$/.test(l)), r.stderr);
});

test('--help exits 0 and lists the settings', () => {
  const r = spawnSync(process.execPath, [...MAIN, '--help'], { cwd: ROOT, env: env({}), encoding: 'utf8' });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /--batch-interval-ms=<value>\s+env BATCH_INTERVAL_MS/);
  assert.match(r.stdout, /--redis-url=<value>\s+env REDIS_URL/);
});

test('starts, prints the dashboard URL, serves, and exits 0 on SIGTERM', async () => {
  const redis = await startRedis();
  const child = spawn(process.execPath, [...MAIN, '--port=0', '--sim-rate=200'], { cwd: ROOT, env: env({ REDIS_URL: redis.url, HOST: '127.0.0.1' }) });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = await waitFor(() => /Dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1], { timeoutMs: 60_000, message: `the start line in:\n${out}` });
    await waitFor(async () => (await fetch(`${url}readyz`)).status === 200, { timeoutMs: 60_000, message: 'ready' });
    const cfg = await (await fetch(`${url}api/config`)).json() as { settings: { batchIntervalMs: number } };
    assert.equal(cfg.settings.batchIntervalMs, 100);
    child.kill('SIGTERM');
    assert.equal(await exited, 0, out);
  } finally {
    child.kill('SIGKILL');
    await redis.stop();
  }
});
