// `npm start`: build the dashboard if apps/web/dist is missing, then run the server with this
// process's argv. The server runs in this very process (tsx registered here, like `node --import tsx`),
// so signals reach it once and its exit code is ours.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';
import { root } from './workspaces.mjs';

const infoOnly = process.argv.slice(2).some((a) => a === '--help' || a === '-h' || a === '--print-settings-table');
if (!infoOnly && !existsSync(join(root, 'apps/web/dist/index.html'))) {
  console.log('apps/web/dist is missing: building the dashboard (npm run build) ...');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) console.error('The dashboard build failed: starting the server without it (the API still works).');
}
register();
await import('../apps/server/src/main.ts');
