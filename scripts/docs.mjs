// `npm run docs`: rewrites the settings table in README.md from the one settings schema.
// `--check` exits 1 when README.md is out of date (the docs test runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './workspaces.mjs';

const { settingsTable } = await import('@ob/server');
const path = join(root, 'README.md');
const readme = readFileSync(path, 'utf8');
const block = /(<!-- settings:start[^>]*-->\n)[\s\S]*?(<!-- settings:end -->)/;
if (!block.test(readme)) { console.error('README.md has no settings markers'); process.exit(1); }
const next = readme.replace(block, (_, start, end) => `${start}${settingsTable().trim()}\n${end}`);
if (process.argv.includes('--check')) {
  if (next !== readme) { console.error('README.md settings table is out of date: run npm run docs'); process.exit(1); }
} else writeFileSync(path, next);
