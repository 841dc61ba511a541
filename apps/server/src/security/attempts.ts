// Failed change attempts (wrong or missing token) are limited per client address apart from the
// changes themselves: a flood of wrong tokens costs its sender 429s, never the token holder's
// access. The token is checked first, so the right one always gets through this limiter.
import type { Clock } from '@ob/core';

/** Wrong-token attempts per address per window, before they get 429 instead of 401. */
export const FAILED_ATTEMPTS_PER_MINUTE = 10;
export const ATTEMPT_WINDOW_MS = 60_000;
/** Addresses tracked at once; past it the oldest is forgotten (bounded memory however many send). */
export const MAX_TRACKED_ADDRESSES = 10_000;

export interface AttemptLimiter {
  /** Counts one attempt from `key`; returns 0 while within the limit, else ms until its window ends. */
  hit(key: string): number;
}

export function createAttemptLimiter(opts: { max: number; windowMs: number; clock: Clock; maxKeys?: number }): AttemptLimiter {
  const { max, windowMs, clock } = opts;
  const maxKeys = opts.maxKeys ?? MAX_TRACKED_ADDRESSES;
  const windows = new Map<string, { count: number; endsAt: number }>();
  return {
    hit(key) {
      const now = clock.now();
      let w = windows.get(key);
      if (w === undefined || w.endsAt <= now) {
        if (w !== undefined) windows.delete(key);
        if (windows.size >= maxKeys) {
          for (const [k, v] of windows) if (v.endsAt <= now) windows.delete(k);
          if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
        }
        w = { count: 0, endsAt: now + windowMs };
        windows.set(key, w);
      }
      w.count++;
      return w.count > max ? w.endsAt - now : 0;
    },
  };
}
