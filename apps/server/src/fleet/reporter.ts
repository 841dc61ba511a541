// Publishes this instance's figures to {prefix}:fleet:{id} every second on a short TTL, and
// its name and time in the {prefix}:fleet index.
import type { FleetReport, StatsSnapshot } from '@ob/protocol';
import type { Logger } from '@ob/streamer';
import type { AppRedis } from '../redis/types';
import type { FleetIdentity } from './identity';
import { FORGET_AFTER_MS, fleetIndexKey, fleetReportKey, fleetShardsKey, REPORT_INTERVAL_MS, REPORT_TTL_SECONDS } from './keys';

/** Every venue of the instance as one (engines.stats): venue is then a comma list. */
interface StatsSource { stats(historySeconds?: number): StatsSnapshot }

export function buildReport(engines: StatsSource, me: FleetIdentity, now: number): FleetReport {
  const s = engines.stats(1);
  return {
    id: me.id, host: me.host, pid: me.pid, shard: me.shard, venue: s.feed.venue,
    startedAt: s.startedAt, reportedAt: now, markets: s.feed.markets,
    msgRate: s.current.messages, writeRate: s.current.snapshots, stalenessP99: s.current.stalenessP99,
    cpu: s.current.cpu, rss: s.current.rss, feed: s.feed.status, redis: s.redis.status, sink: me.sink,
  };
}

export function startFleetReporter(deps: { redis: AppRedis; prefix: string; me: FleetIdentity; engines: StatsSource; log: Logger }): { stop(): void } {
  const { redis, prefix, me, engines, log } = deps;
  const key = fleetReportKey(prefix, me.id);
  const index = fleetIndexKey(prefix);
  let failing = false;
  let shardSaved = false;
  const report = async () => {
    const now = Date.now();
    try {
      await redis.set(key, JSON.stringify(buildReport(engines, me, now)), 'EX', REPORT_TTL_SECONDS);
      await redis.zadd(index, now, me.id);
      if (!shardSaved) { await redis.hset(fleetShardsKey(prefix), me.id, me.shard); shardSaved = true; }
      const forgotten = await redis.zrangebyscore(index, '-inf', now - FORGET_AFTER_MS);
      if (forgotten.length > 0) {
        await redis.zrem(index, ...forgotten);
        await redis.hdel(fleetShardsKey(prefix), ...forgotten);
      }
      if (failing) log.info('fleet report written again');
      failing = false;
    } catch (err) {
      if (!failing) log.warn({ err: (err as Error).message, key }, 'fleet report not written (Redis); other instances will show this one as late');
      failing = true;
    }
  };
  void report();
  const timer = setInterval(() => { void report(); }, REPORT_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
