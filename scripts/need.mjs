// Finds or installs what tests need (redis-server, Debian's Chromium), or says in one line what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const isRoot = process.getuid?.() === 0;

function aptInstall(pkg) {
  if (!isRoot || !has('apt-get')) return false;
  console.log(`installing ${pkg} with apt-get ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  return spawnSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env }).status === 0;
}

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function needRedisServer() {
  if (has('redis-server') || aptInstall('redis-server')) return;
  console.error('redis-server is required: install it (Debian: apt-get install -y redis-server)');
  process.exit(1);
}

export function needChromium() {
  if (existsSync(CHROMIUM) || aptInstall('chromium')) return;
  console.error(`Chromium is required at ${CHROMIUM}: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH`);
  process.exit(1);
}

/** redis-py for the README's Python example test; without it that one test skips, saying so. */
export function wantPythonRedis() {
  const importable = (py) => spawnSync(py, ['-c', 'import redis'], { stdio: 'ignore' }).status === 0;
  if (['python3', '/usr/bin/python3'].some(importable)) return;
  if (has('python3') && aptInstall('python3-redis') && importable('/usr/bin/python3')) return;
  console.log('note: no python3 with redis-py, so the README\'s Python example is not run (Debian: apt-get install -y python3-redis)');
}
