import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FleetInstance } from '@ob/protocol';
import { healthDetail, venuesOf, venuesText } from './rows';

const report = { id: 'a', host: 'h', pid: 1, shard: '0/2', venue: 'lighter', startedAt: 0, reportedAt: 10_000, markets: 3, msgRate: 1, writeRate: 1, stalenessP99: 1, cpu: 1, rss: 1, feed: 'connected', redis: 'writable', sink: 'single' };

describe('fleet rows', () => {
  it('says why an instance is not ok', () => {
    const late: FleetInstance = { id: 'a', shard: '0/2', health: 'late', lastSeen: 10_000, self: false, report };
    assert.equal(healthDetail(late, 22_400), 'last report 12 s ago');
    const degraded: FleetInstance = { id: 'a', shard: '0/2', health: 'degraded', lastSeen: 10_000, self: false, report: { ...report, feed: 'reconnecting', redis: 'down' } };
    assert.equal(healthDetail(degraded, 10_500), 'feed reconnecting, redis down');
    assert.equal(healthDetail({ ...degraded, health: 'ok', report }, 10_500), '');
  });
  it('lists the venues an instance streams, by name while they fit', () => {
    const x: FleetInstance = { id: 'a', shard: '', health: 'ok', lastSeen: 0, self: true, report: { ...report, venue: 'lighter,hyperliquid,okx' } };
    assert.deepEqual(venuesOf(x), ['lighter', 'hyperliquid', 'okx']);
    assert.equal(venuesText(venuesOf(x)), '3 venues');
    assert.equal(venuesText(['lighter', 'okx']), 'lighter, okx');
    assert.equal(venuesText(venuesOf({ ...x, report: null })), '—');
  });
});
