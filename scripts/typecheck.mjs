// `npm run lint`: type-check every workspace with its own tsconfig.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root, workspaces } from './workspaces.mjs';

const tsc = join(root, 'node_modules', '.bin', 'tsc');
let failed = 0;
for (const ws of [...workspaces, '.']) {
  if (!existsSync(join(root, ws, 'tsconfig.json'))) continue;
  const r = spawnSync(tsc, ['-p', join(root, ws)], { stdio: 'inherit' });
  if (r.status !== 0) { failed++; console.error(`typecheck failed: ${ws}`); }
}
process.exit(failed ? 1 : 0);
