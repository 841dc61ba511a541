// Compiles a TypeScript entry and the workspace packages it imports (@ob/*) into one ESM file;
// third-party packages stay external, loaded from node_modules as usual. The product runs this
// output with plain node: no TypeScript loader in the process (tsx's loader thread alone cost
// ~0.5–1 % of a core at idle, a quarter of the CPU budget at the seed's load).
import { build } from 'esbuild';
import { join } from 'node:path';
import { root } from './workspaces.mjs';

/** @type {import('esbuild').Plugin} */
const thirdPartyExternal = {
  name: 'third-party-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@ob/') ? undefined : { path: args.path, external: true }));
  },
};

/** Bundles `entry` (relative to the repo root) to `outfile`; returns the absolute output path. */
export async function bundle(entry, outfile) {
  const out = join(root, outfile);
  await build({
    entryPoints: [join(root, entry)],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [thirdPartyExternal],
  });
  return out;
}
