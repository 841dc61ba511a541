// The README's settings table is generated from the settings schema; this keeps it honest.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);

it('README settings table matches the schema (npm run docs regenerates it)', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/docs.mjs', '--check'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

it('README starts with the install-and-start command and npm test', () => {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const firstBlock = readme.slice(readme.indexOf('```bash'), readme.indexOf('```', readme.indexOf('```bash') + 7));
  assert.match(firstBlock, /npm install && npm start/);
  assert.match(firstBlock, /npm test/);
});
