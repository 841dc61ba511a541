// The app's Redis client and the engine's sink, for one Redis or a Redis Cluster: REDIS_CLUSTER
// names cluster nodes; a REDIS_URL whose server says cluster_enabled:1 is taken as one too.
import { createNullSink, createRedisClient, createRedisClusterClient, createRedisClusterSink, createRedisSink, detectCluster, redactUrl, type Logger, type SnapshotSink } from '@ob/streamer';
import type { RedisChoice } from './select';
import type { AppRedis } from './types';

/** How long start waits for INFO from REDIS_URL to tell a cluster node from a single server. */
export const CLUSTER_DETECT_TIMEOUT_MS = 1_000;

export interface RedisSetup {
  mode: 'single' | 'cluster' | 'none';
  redis: AppRedis | null;
  sink: SnapshotSink;
  /** For the log line and the dashboard's pill: where books go, without credentials. */
  shown: string;
}

export async function connectRedis(opts: { redisCluster: string; choice: RedisChoice; prefix: string; venue: string; log: Logger }): Promise<RedisSetup> {
  const { choice, prefix, venue, log } = opts;
  let seeds = opts.redisCluster.split(',').map((s) => s.trim()).filter(Boolean);
  if (seeds.length === 0 && choice.kind === 'url' && await detectCluster(choice.url, CLUSTER_DETECT_TIMEOUT_MS)) {
    log.info(`Redis: ${redactUrl(choice.url)} is a cluster node (cluster_enabled:1): writing to the cluster`);
    seeds = [choice.url];
  }
  if (seeds.length > 0) {
    const sink = createRedisClusterSink({ seeds, prefix, venue, log });
    return { mode: 'cluster', redis: createRedisClusterClient(seeds, log), sink, shown: sink.url };
  }
  if (choice.kind === 'none') return { mode: 'none', redis: null, sink: createNullSink(), shown: 'NONE' };
  return {
    mode: 'single',
    redis: createRedisClient(choice.url, log),
    sink: createRedisSink({ url: choice.url, prefix, venue, log }),
    shown: redactUrl(choice.url),
  };
}
