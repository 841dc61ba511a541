// `npm test`: every test, unit to e2e. Unit and integration tests run on node:test (TypeScript
// through tsx); e2e runs Playwright against the built app. `--unit` or `--e2e` runs one part.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root, workspaces } from './workspaces.mjs';
import { needChromium, needRedisServer, wantPythonRedis } from './need.mjs';

const TEST_TIMEOUT_MS = 600_000;
const args = process.argv.slice(2);
const only = args.find((a) => a === '--unit' || a === '--e2e');
const filters = args.filter((a) => !a.startsWith('--'));

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

function run(cmd, argv, env = {}) {
  const r = spawnSync(cmd, argv, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  return r.status ?? 1;
}

let status = 0;
if (only !== '--e2e') {
  needRedisServer();
  wantPythonRedis();
  const files = workspaces.flatMap((ws) => findTests(join(root, ws)))
    .map((f) => relative(root, f))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
  // A test that hangs (a wait on a condition that never comes with no deadline of its own) fails
  // after TEST_TIMEOUT_MS instead of holding the run until CI's limit; the slowest tests take ~3 min.
  status = run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', `--test-timeout=${TEST_TIMEOUT_MS}`, ...files]);
}
if (status === 0 && only !== '--unit' && filters.length === 0) {
  needRedisServer();
  needChromium();
  status = run('npm', ['run', 'build', '--silent']) || run(join(root, 'node_modules', '.bin', 'playwright'), ['test']);
}
process.exit(status);
