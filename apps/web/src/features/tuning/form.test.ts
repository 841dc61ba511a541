import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LiveSettings } from '@ob/protocol';
import { changedPatch, rebase, valuesFrom } from './form';

const base: LiveSettings = {
  batchIntervalMs: 100, maxBatchSize: 50, depth: 50, depthOverrides: {}, minChangeBps: 0,
  maxStalenessMs: 1000, ttlSeconds: 60, markets: [], compression: 'none', stream: 'off', streamMaxLen: 1000,
};

test('the patch holds only the changed fields, as numbers', () => {
  const values = { ...valuesFrom(base), batchIntervalMs: '1000', depth: ' 50 ' };
  assert.deepEqual(changedPatch(values, base), { batchIntervalMs: 1000 });
  assert.deepEqual(changedPatch(valuesFrom(base), base), {});
});

test('a value that is not a number goes as typed, for the server to explain', () => {
  const values = { ...valuesFrom(base), minChangeBps: 'abc', maxBatchSize: '' };
  assert.deepEqual(changedPatch(values, base), { minChangeBps: 'abc', maxBatchSize: '' });
});

test('config from another operator updates untouched fields and keeps unsaved edits', () => {
  const edited = { ...valuesFrom(base), batchIntervalMs: '250' };
  const theirs = { ...base, batchIntervalMs: 500, depth: 20 };
  const next = rebase(edited, base, theirs);
  assert.equal(next.batchIntervalMs, '250');
  assert.equal(next.depth, '20');
  assert.deepEqual(changedPatch(next, theirs), { batchIntervalMs: 250 });
});

test('the stream settings: a choice goes as its text, its length as a number', () => {
  const values = { ...valuesFrom(base), stream: 'snapshot', streamMaxLen: '5000' };
  assert.deepEqual(changedPatch(values, base), { stream: 'snapshot', streamMaxLen: 5000 });
  assert.deepEqual(changedPatch({ ...valuesFrom(base), stream: '10' }, base), { stream: '10' }, 'never turned into a number');
});
