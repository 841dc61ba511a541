// Reconnect pacing: exponential backoff with jitter, so many clients dropped at once by a
// venue do not all come back in the same millisecond.

export const RECONNECT_BASE_MS = 500;
export const RECONNECT_MAX_MS = 30_000;

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** Uniform [0,1); injectable so tests can pin the jitter. */
  random?: () => number;
}

/** Delay before attempt `attempt` (0-based): base·2^attempt capped at max, then jittered to [½,1] of that. */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const base = opts.baseMs ?? RECONNECT_BASE_MS;
  const max = opts.maxMs ?? RECONNECT_MAX_MS;
  const random = opts.random ?? Math.random;
  const full = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.round(full / 2 + (random() * full) / 2);
}
