// `npm run build:server`: compiles the server to apps/server/dist/main.js (what `npm start` runs),
// for running it without npm: `node apps/server/dist/main.js`, the Dockerfile, the systemd unit.
import { bundle } from './bundle.mjs';

const out = await bundle('apps/server/src/main.ts', 'apps/server/dist/main.js');
console.log(`built ${out}: run it with node ${out.replace(process.cwd() + '/', '')}`);
