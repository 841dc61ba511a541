// The whole fleet as one instance reads it from Redis: each instance's last report, its health,
// the totals, and the names of instances (and shards) that stopped reporting.
import { FleetReport, type FleetHealth, type FleetInstance, type FleetView } from '@ob/protocol';
import { parseShard } from '@ob/core';
import { Value } from 'typebox/value';
import type { AppRedis } from '../redis/types';
import { fleetIndexKey, fleetReportKey, fleetShardsKey, LATE_AFTER_MS } from './keys';

export async function readFleet(redis: AppRedis, prefix: string, selfId: string, now = Date.now()): Promise<FleetView> {
  const [flat, shards] = await Promise.all([redis.zrange(fleetIndexKey(prefix), '0', '-1', 'WITHSCORES'), redis.hgetall(fleetShardsKey(prefix))]);
  const seen: FleetIndexEntry[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) seen.push({ id: flat[i]!, at: Number(flat[i + 1]), shard: shards[flat[i]!] ?? '' });
  // One GET each, not MGET: on a cluster the reports live on different slots.
  const raw = await Promise.all(seen.map((s) => redis.get(fleetReportKey(prefix, s.id))));
  const reports = raw.map((text) => parseReport(text));
  return fleetView(prefix, selfId, now, seen, reports);
}

function parseReport(text: string | null): FleetReport | null {
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    return Value.Check(FleetReport, v) ? v : null; // another version's report: shown as unreadable, not trusted
  } catch {
    return null;
  }
}

/** An instance the index remembers: when it last reported, and its shard. */
export interface FleetIndexEntry { id: string; at: number; shard: string }

/** Pure: the view from the index entries and the reports read for them (same order). */
export function fleetView(prefix: string, selfId: string, now: number, seen: FleetIndexEntry[], reports: (FleetReport | null)[]): FleetView {
  const instances: FleetInstance[] = seen.map((s, i) => {
    const report = reports[i] ?? null;
    const lastSeen = report?.reportedAt ?? s.at;
    return { id: s.id, shard: report?.shard ?? s.shard, health: healthOf(report, now), lastSeen, self: s.id === selfId, report };
  });
  const order: Record<FleetHealth, number> = { stopped: 0, late: 1, degraded: 2, ok: 3 };
  instances.sort((a, b) => order[a.health] - order[b.health] || a.shard.localeCompare(b.shard) || a.id.localeCompare(b.id));
  const live = instances.filter((x) => x.health === 'ok' || x.health === 'degraded'); // a late report's figures are old
  const sum = (f: (r: FleetReport) => number) => live.reduce((acc, x) => acc + f(x.report!), 0);
  return {
    now, prefix, instances,
    totals: {
      instances: live.length,
      markets: sum((r) => r.markets),
      msgRate: sum((r) => r.msgRate),
      writeRate: sum((r) => r.writeRate),
      stalenessP99: live.reduce((m, x) => Math.max(m, x.report!.stalenessP99), 0),
      cpu: sum((r) => r.cpu),
    },
    missingShards: missingShards(instances),
    silent: instances.filter((x) => x.health === 'late' || x.health === 'stopped').map((x) => x.id),
  };
}

function healthOf(report: FleetReport | null, now: number): FleetHealth {
  if (report === null) return 'stopped';
  if (now - report.reportedAt > LATE_AFTER_MS) return 'late';
  return report.feed === 'connected' && report.redis === 'writable' ? 'ok' : 'degraded';
}

/** For every fleet size N reported, the shards i/N that no healthy-or-degraded instance covers. */
function missingShards(instances: FleetInstance[]): string[] {
  const counts = new Set<number>();
  const covered = new Set<string>();
  for (const x of instances) {
    const s = parseShard(x.shard);
    if (s === undefined || typeof s === 'string') continue;
    counts.add(s.count);
    if (x.health === 'ok' || x.health === 'degraded') covered.add(`${s.index}/${s.count}`);
  }
  const missing: string[] = [];
  for (const n of [...counts].sort((a, b) => a - b)) {
    for (let i = 0; i < n; i++) if (!covered.has(`${i}/${n}`)) missing.push(`${i}/${n}`);
  }
  return missing;
}
