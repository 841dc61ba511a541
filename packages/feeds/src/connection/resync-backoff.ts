// Per-market resync backoff (issue 19.7): a market whose snapshot never comes is retried after
// SNAPSHOT_TIMEOUT_MS, then after doubling delays up to RESYNC_MAX_MS, each jittered, so thirty
// stuck markets cost a few messages a minute instead of crowding out every other subscribe.
// A market is "stuck" from its first unanswered subscribe until its snapshot arrives.

/** A subscribed market without a snapshot after this long counts as not answered. */
export const SNAPSHOT_TIMEOUT_MS = 10_000;
/** First retry after a timeout, then doubling. */
export const RESYNC_BASE_MS = 10_000;
export const RESYNC_MAX_MS = 5 * 60_000;

export interface ResyncBackoffOptions {
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
}

/** Delay before retry `attempt` (1-based) of one market: base·2^(attempt-1), capped, jittered to [¾,1]. */
export function resyncDelay(attempt: number, opts: ResyncBackoffOptions = {}): number {
  const base = opts.baseMs ?? RESYNC_BASE_MS;
  const max = opts.maxMs ?? RESYNC_MAX_MS;
  const full = Math.min(max, base * 2 ** Math.min(Math.max(0, attempt - 1), 30));
  return Math.round(full * (0.75 + 0.25 * (opts.random ?? Math.random)()));
}
