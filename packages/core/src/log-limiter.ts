// Rate-limited logging: one venue sending garbage, or one failing dependency, must not flood the log.
import type { Clock, Logger } from './runtime';

/** How many lines of one kind go out before the limiter starts summarising. */
export const LOG_BURST = 5;
/** After the burst, at most one line of that kind per this interval, with a count of the skipped. */
export const LOG_INTERVAL_MS = 10_000;

/**
 * Rate-limits log lines by key, so a venue sending garbage at 10k msg/s cannot flood the log:
 * the first LOG_BURST lines pass, then one per LOG_INTERVAL_MS carrying `suppressed`.
 */
export function createLogLimiter(log: Logger, clock: Clock) {
  const state = new Map<string, { count: number; lastAt: number; suppressed: number }>();
  return function limited(level: 'warn' | 'error' | 'info', key: string, obj: object, msg: string): void {
    let s = state.get(key);
    if (!s) { s = { count: 0, lastAt: 0, suppressed: 0 }; state.set(key, s); }
    s.count++;
    const now = clock.now();
    if (s.count > LOG_BURST && now - s.lastAt < LOG_INTERVAL_MS) { s.suppressed++; return; }
    const extra = s.suppressed > 0 ? { ...obj, suppressed: s.suppressed } : obj;
    s.suppressed = 0;
    s.lastAt = now;
    try { log[level](extra, msg); } catch { /* a broken logger must not break the feed */ }
  };
}
