// Connection limits and error logging shared by the sink's connection and the app's ioredis client.
import type { Logger } from './types';

/** Reconnect delay cap while Redis is away: books stay pending meanwhile and are written within ~1 s of return. */
export const REDIS_RECONNECT_MAX_MS = 500;
/** A command Redis does not answer (hung server, half-open socket) fails after this instead of holding the flush. */
export const REDIS_COMMAND_TIMEOUT_MS = 5_000;
/** Connecting gives up after this and is retried (backoff capped at REDIS_RECONNECT_MAX_MS). */
export const REDIS_CONNECT_TIMEOUT_MS = 2_000;
/** A connection error is logged at most this often. */
export const ERROR_LOG_INTERVAL_MS = 10_000;
/** TCP keep-alive probes, so a half-open connection is noticed. */
export const REDIS_KEEPALIVE_MS = 10_000;

/** Wait before redial number `attempt` (1, 2, ...): 50 ms more each time, capped. */
export const reconnectDelayMs = (attempt: number, maxMs = REDIS_RECONNECT_MAX_MS) => Math.min(50 * attempt, maxMs);

/**
 * Logs a connection error at most once per `intervalMs`, with how many were not logged since
 * (`suppressed`): a Redis that stays away must not flood the log.
 */
export function connectionErrorLogger(log: Logger, intervalMs = ERROR_LOG_INTERVAL_MS): (err: Error) => void {
  let last = -Infinity;
  let suppressed = 0;
  return (err) => {
    const now = Date.now();
    if (now - last < intervalMs) { suppressed++; return; }
    last = now;
    log.warn(suppressed > 0 ? { err: err.message, suppressed } : { err: err.message }, 'redis connection error (retrying)');
    suppressed = 0;
  };
}
