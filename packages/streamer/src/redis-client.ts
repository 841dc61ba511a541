// The app's ioredis client, with the same limits as the sink's connection.
import { Redis } from 'ioredis';
import type { Logger } from './types';
import { silentLog } from './clock';
import { connectionErrorLogger, reconnectDelayMs, REDIS_COMMAND_TIMEOUT_MS, REDIS_CONNECT_TIMEOUT_MS, REDIS_KEEPALIVE_MS } from './redis-limits';

/**
 * An ioredis client for the rest of the app (the persisted config, readiness, tests' readers);
 * the sink has a connection of its own (resp/resp-connection.ts). No offline queue: while Redis
 * is down a command fails at once instead of queueing in memory; a command sent just before a
 * disconnect is retried at most once (maxRetriesPerRequest), then fails.
 */
export function createRedisClient(url: string, log: Logger = silentLog): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => reconnectDelayMs(attempt),
    connectionName: 'orderbook-streamer',
    keepAlive: REDIS_KEEPALIVE_MS,
  });
  redis.on('error', connectionErrorLogger(log));
  return redis;
}
