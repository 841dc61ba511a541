// The fleet view (GET /api/fleet): every streamer instance writing under one prefix reports
// itself to Redis each second on a short TTL; any instance reads all the reports back.
import Type, { type Static } from 'typebox';

/** What one instance writes to {prefix}:fleet:{id} each second. */
export const FleetReport = Type.Object({
  id: Type.String({ description: 'Instance name (INSTANCE, default hostname:pid).' }),
  host: Type.String(),
  pid: Type.Integer(),
  shard: Type.String({ description: 'i/N, or empty when not sharded.' }),
  venue: Type.String(),
  startedAt: Type.Number(),
  reportedAt: Type.Number({ description: 'ms epoch of this report.' }),
  markets: Type.Integer({ description: 'Markets subscribed (this shard\'s share).' }),
  msgRate: Type.Number({ description: 'Messages in per second, last second.' }),
  writeRate: Type.Number({ description: 'Snapshots written per second, last second.' }),
  stalenessP99: Type.Number({ description: 'ms, last second.' }),
  cpu: Type.Number({ description: '% of one core.' }),
  rss: Type.Number({ description: 'bytes' }),
  feed: Type.String({ description: 'Feed status.' }),
  redis: Type.String({ description: 'Sink status.' }),
  sink: Type.String({ description: 'single or cluster.' }),
});
export type FleetReport = Static<typeof FleetReport>;

export const FleetHealth = Type.Enum(['ok', 'degraded', 'late', 'stopped']);
export type FleetHealth = Static<typeof FleetHealth>;

export const FleetInstance = Type.Object({
  id: Type.String(),
  shard: Type.String({ description: 'i/N (kept after its report expired), or empty.' }),
  /** ok: reporting, feed connected and Redis writable; degraded: reporting, one of them not; late: no report for a few seconds; stopped: its report expired. */
  health: FleetHealth,
  lastSeen: Type.Number({ description: 'ms epoch of its last report.' }),
  self: Type.Boolean({ description: 'The instance answering this request.' }),
  report: Type.Union([FleetReport, Type.Null()], { description: 'Its last report; null once expired.' }),
});
export type FleetInstance = Static<typeof FleetInstance>;

export const FleetView = Type.Object({
  now: Type.Number(),
  prefix: Type.String(),
  instances: Type.Array(FleetInstance),
  totals: Type.Object({
    instances: Type.Integer({ description: 'Reporting now (ok or degraded); the figures below sum these.' }),
    markets: Type.Integer(),
    msgRate: Type.Number(),
    writeRate: Type.Number(),
    stalenessP99: Type.Number({ description: 'The worst instance\'s.' }),
    cpu: Type.Number(),
  }),
  /** Shards of i/N with no reporting instance, e.g. ["2/3"]: their markets are not being streamed. */
  missingShards: Type.Array(Type.String()),
  /** Names of instances that stopped reporting (health late or stopped). */
  silent: Type.Array(Type.String()),
});
export type FleetView = Static<typeof FleetView>;
