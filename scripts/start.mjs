// `npm start`: build the dashboard if apps/web/dist is missing, compile the server to
// apps/server/dist/main.js (esbuild, well under a second), then run it in this very process
// with this process's argv, so signals reach it once and its exit code is ours.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle } from './bundle.mjs';
import { root } from './workspaces.mjs';

const infoOnly = process.argv.slice(2).some((a) => a === '--help' || a === '-h' || a === '--print-settings-table');
if (!infoOnly && !existsSync(join(root, 'apps/web/dist/index.html'))) {
  console.log('apps/web/dist is missing: building the dashboard (npm run build) ...');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) console.error('The dashboard build failed: starting the server without it (the API still works).');
}
const main = await bundle('apps/server/src/main.ts', 'apps/server/dist/main.js');
await import(pathToFileURL(main).href);
