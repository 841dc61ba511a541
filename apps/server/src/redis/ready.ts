// The engine's Redis client has no offline queue (a write while disconnected fails at once),
// so reads at start (the persisted config) wait for the connection, bounded.
import type { AppRedis as Redis } from './types';

/** How long start waits for Redis before going on without the persisted config. */
export const REDIS_READY_TIMEOUT_MS = 3_000;

/** True once connected; false after `timeoutMs` (the client keeps retrying in the background). */
export function waitForRedis(redis: Redis, timeoutMs: number = REDIS_READY_TIMEOUT_MS): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => { clearTimeout(timer); redis.off('ready', onReady); resolve(ok); };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.once('ready', onReady);
  });
}
