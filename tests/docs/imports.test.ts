// The import rules of README's Layout (.dependency-cruiser.cjs), checked in `npm test` as well as
// `npm run lint`: a change that breaks the one direction of imports fails here.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const bin = join(root, 'node_modules', '.bin', 'depcruise');

it('imports follow the layout rules (dependency-cruiser finds no violation)', () => {
  const r = spawnSync(bin, ['--config', '.dependency-cruiser.cjs', '--output-type', 'err', 'packages', 'apps', 'tests', 'bench', 'e2e'],
    { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

it('the checker does catch a violation (a rule set that matches nothing would pass anything)', () => {
  // Cruise one real file of packages/streamer under a rule that forbids its real import of @ob/core.
  const rules = JSON.stringify({ forbidden: [{ name: 'probe', severity: 'error', from: { path: '^packages/streamer/' }, to: { path: '^packages/core/' } }] });
  const r = spawnSync(process.execPath, ['-e', `
    const { cruise } = await import(${JSON.stringify(join(root, 'node_modules/dependency-cruiser/src/main/index.mjs'))});
    const res = await cruise(['packages/streamer/src/clock.ts'], { ruleSet: ${rules}, validate: true, tsPreCompilationDeps: true,
      enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'default', 'types'], extensions: ['.ts'] } });
    process.stdout.write(String(res.output.summary.error));
  `], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(Number(r.stdout) > 0, `expected the probe rule to fire, got ${r.stdout}`);
});
