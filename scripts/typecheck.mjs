// `npm run lint`: type-check every workspace with its own tsconfig.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root, workspaces } from './workspaces.mjs';

const tsc = join(root, 'node_modules', '.bin', 'tsc');
let failed = 0;
// Each workspace's tsconfig, plus the ones for build configs and e2e specs.
const projects = [...workspaces.map((ws) => join(ws, 'tsconfig.json')), 'apps/web/tsconfig.node.json', 'e2e/tsconfig.json'];
for (const ws of projects) {
  if (!existsSync(join(root, ws))) continue;
  const r = spawnSync(tsc, ['-p', join(root, ws)], { stdio: 'inherit' });
  if (r.status !== 0) { failed++; console.error(`typecheck failed: ${ws}`); }
}
process.exit(failed ? 1 : 0);
