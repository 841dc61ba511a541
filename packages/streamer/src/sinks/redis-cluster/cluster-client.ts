// The app's ioredis client for a cluster (persisted config, fleet reports, readiness), with the
// limits of the single-node one (redis-client.ts): no offline queue, bounded commands.
import { Cluster } from 'ioredis';
import type { Logger } from '../../types';
import { silentLog } from '../../clock';
import { connectionErrorLogger, reconnectDelayMs, REDIS_COMMAND_TIMEOUT_MS, REDIS_CONNECT_TIMEOUT_MS, REDIS_KEEPALIVE_MS } from '../../redis-limits';
import { parseSeeds } from './cluster-sink';
import { splitAddr } from './slot-map';

export function createRedisClusterClient(seedList: readonly string[], log: Logger = silentLog): Cluster {
  const { seeds, auth } = parseSeeds(seedList);
  const cluster = new Cluster(seeds.map((s) => splitAddr(s)), {
    enableOfflineQueue: false,
    clusterRetryStrategy: (attempt) => reconnectDelayMs(attempt),
    redisOptions: {
      username: auth.username, password: auth.password, tls: auth.tls ? {} : undefined,
      maxRetriesPerRequest: 1, commandTimeout: REDIS_COMMAND_TIMEOUT_MS, connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
      connectionName: 'orderbook-streamer', keepAlive: REDIS_KEEPALIVE_MS,
    },
  });
  cluster.on('error', connectionErrorLogger(log));
  return cluster;
}
