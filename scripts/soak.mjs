// `npm run test:soak`: the long part of the fault suite. The fault tests again with a minute of
// faults each, then the memory soak (SOAK_MINUTES, default 10; SOAK_RATE, default 10000 msg/s).
import { spawnSync } from 'node:child_process';
import { root } from './workspaces.mjs';
import { needRedisServer } from './need.mjs';

needRedisServer();
const env = { ...process.env, FAULT_SECONDS: process.env.FAULT_SECONDS ?? '60', REDIS_DOWN_MS: process.env.REDIS_DOWN_MS ?? '5000' };
const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root, env }).status ?? 1;
const status = run(['--import', 'tsx', '--test', 'tests/faults/feed-drops.redis.test.ts', 'tests/faults/redis-restart.redis.test.ts'])
  || run(['--expose-gc', '--import', 'tsx', 'tests/soak/soak.ts']);
process.exit(status);
