// A book is stale when it is old (writtenTs) or its key is about to expire (TTL): the second
// needs no clock agreement between the streamer's machine and this one.
import type { Book, Staleness, StalenessLimits } from './types';

export const DEFAULT_MAX_AGE_MS = 5_000;
export const DEFAULT_MIN_TTL_MS = 1_000;

/** `ttlMs`: what PTTL said (-1 no expiry), or null when unknown. */
export function staleness(book: Book, ttlMs: number | null, limits: StalenessLimits, now = Date.now()): Staleness {
  const ageMs = now - book.writtenTs;
  const reasons: Staleness['reasons'] = [];
  if (ageMs > limits.maxAgeMs) reasons.push('age');
  if (ttlMs !== null && ttlMs >= 0 && ttlMs < limits.minTtlMs) reasons.push('expiring');
  return { ageMs, ttlMs, stale: reasons.length > 0, reasons };
}
