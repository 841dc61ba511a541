// The fleet view from index entries and reports: health by report age and status, totals of
// the live ones only, silent instances named, shards left uncovered found.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FleetReport } from '@ob/protocol';
import { fleetView } from '../src/fleet/view';

const NOW = 100_000;
const report = (id: string, shard: string, over: Partial<FleetReport> = {}): FleetReport => ({
  id, host: 'h', pid: 1, shard, venue: 'lighter', startedAt: 0, reportedAt: NOW - 500, markets: 15, msgRate: 100,
  writeRate: 20, stalenessP99: 90, cpu: 3, rss: 1, feed: 'connected', redis: 'writable', sink: 'single', ...over,
});

describe('fleet view', () => {
  it('classifies instances and sums only those reporting', () => {
    const seen = [
      { id: 'a', at: NOW - 500, shard: '0/3' }, { id: 'b', at: NOW - 500, shard: '1/3' },
      { id: 'c', at: NOW - 4_000, shard: '2/3' }, { id: 'd', at: NOW - 60_000, shard: '2/3' },
    ];
    const v = fleetView('ob', 'a', NOW, seen, [
      report('a', '0/3'), report('b', '1/3', { redis: 'down', stalenessP99: 700 }),
      report('c', '2/3', { reportedAt: NOW - 4_000 }), null,
    ]);
    const health = Object.fromEntries(v.instances.map((x) => [x.id, x.health]));
    assert.deepEqual(health, { a: 'ok', b: 'degraded', c: 'late', d: 'stopped' });
    assert.deepEqual(v.instances.map((x) => x.id), ['d', 'c', 'b', 'a'], 'the silent ones first');
    assert.equal(v.instances.find((x) => x.id === 'd')!.shard, '2/3', 'a stopped instance keeps its shard');
    assert.deepEqual(v.silent, ['d', 'c']);
    assert.deepEqual(v.totals, { instances: 2, markets: 30, msgRate: 200, writeRate: 40, stalenessP99: 700, cpu: 6 });
    assert.deepEqual(v.missingShards, ['2/3'], 'only late and stopped instances hold shard 2/3');
    assert.equal(v.instances.find((x) => x.self)!.id, 'a');
  });

  it('finds no missing shard when every share is covered, and none without sharding', () => {
    const v = fleetView('ob', 'a', NOW, [{ id: 'a', at: NOW, shard: '0/2' }, { id: 'b', at: NOW, shard: '1/2' }], [report('a', '0/2'), report('b', '1/2')]);
    assert.deepEqual(v.missingShards, []);
    const single = fleetView('ob', 'a', NOW, [{ id: 'a', at: NOW, shard: '' }], [report('a', '')]);
    assert.deepEqual(single.missingShards, []);
    assert.equal(single.totals.instances, 1);
  });
});
