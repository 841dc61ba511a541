// The app's Redis client and the engines' sinks, for one Redis or a Redis Cluster: REDIS_CLUSTER
// names cluster nodes; a REDIS_URL whose server says cluster_enabled:1 is taken as one too.
// Each venue's engine gets a sink of its own (its own connections, keys and updates channel).
import { createNullSink, createRedisClient, createRedisClusterClient, createRedisClusterSink, createRedisSink, detectCluster, redactUrl, type Logger, type SnapshotSink } from '@ob/streamer';
import type { RedisChoice } from './select';
import type { AppRedis } from './types';

/** How long start waits for INFO from REDIS_URL to tell a cluster node from a single server. */
export const CLUSTER_DETECT_TIMEOUT_MS = 1_000;

export interface RedisSetup {
  mode: 'single' | 'cluster' | 'none';
  redis: AppRedis | null;
  /** A new sink for the venue's engine. */
  sinkFor(venue: string): SnapshotSink;
  /** For the log line and the dashboard's pill: where books go, without credentials. */
  shown: string;
}

export async function connectRedis(opts: { redisCluster: string; choice: RedisChoice; prefix: string; log: Logger }): Promise<RedisSetup> {
  const { choice, prefix, log } = opts;
  let seeds = opts.redisCluster.split(',').map((s) => s.trim()).filter(Boolean);
  if (seeds.length === 0 && choice.kind === 'url' && await detectCluster(choice.url, CLUSTER_DETECT_TIMEOUT_MS)) {
    log.info(`Redis: ${redactUrl(choice.url)} is a cluster node (cluster_enabled:1): writing to the cluster`);
    seeds = [choice.url];
  }
  if (seeds.length > 0) {
    return {
      mode: 'cluster',
      redis: createRedisClusterClient(seeds, log),
      sinkFor: (venue) => createRedisClusterSink({ seeds, prefix, venue, log }),
      shown: `${seeds.map((s) => redactUrl(s.includes('://') ? s : `redis://${s}`)).join(',')} (cluster)`,
    };
  }
  if (choice.kind === 'none') return { mode: 'none', redis: null, sinkFor: () => createNullSink(), shown: 'NONE' };
  return {
    mode: 'single',
    redis: createRedisClient(choice.url, log),
    sinkFor: (venue) => createRedisSink({ url: choice.url, prefix, venue, log }),
    shown: redactUrl(choice.url),
  };
}
