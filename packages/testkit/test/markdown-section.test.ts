import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSection, withSection } from '../src/markdown-section';

test('withSection appends a missing section, then replaces only its body', () => {
  const first = withSection('# Benchmarks\n\nfigures\n', 'soak', 'an hour: flat');
  assert.equal(first, '# Benchmarks\n\nfigures\n\n<!-- soak:start -->\nan hour: flat\n<!-- soak:end -->\n');
  const second = withSection(first.replace('figures', 'new figures'), 'soak', 'two hours: $& flat');
  assert.match(second, /new figures/);
  assert.match(second, /<!-- soak:start -->\ntwo hours: \$& flat\n<!-- soak:end -->/, 'replacement text is literal');
  assert.equal(second.match(/soak:start/g)!.length, 1);
});

test('readSection returns the body between the markers, or undefined', () => {
  const text = 'a\n<!-- soak:start -->\nbody\n<!-- soak:end -->\nb';
  assert.equal(readSection(text, 'soak'), 'body');
  assert.equal(readSection(text, 'other'), undefined);
  assert.equal(readSection('<!-- soak:start --> never closed', 'soak'), undefined);
  assert.equal(withSection(text, 'soak', readSection(text, 'soak')!), text, 'read then write is the identity');
});
