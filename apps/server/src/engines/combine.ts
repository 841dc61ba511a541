// Several venues' figures as one: what the dashboard shows with no venue filter, and what
// /api/stats answers without ?venue=. Counts add up; latencies take the worst venue's;
// process figures (CPU, memory, event-loop lag) are the process's, whichever engine sampled them.
import type { FeedState, Readiness, StatsSample, StatsSnapshot, Totals } from '@ob/protocol';

const sumTotals = (all: readonly Totals[]): Totals => {
  const out = { ...all[0]! };
  for (const t of all.slice(1)) for (const k of Object.keys(out) as (keyof Totals)[]) out[k] += t[k];
  return out;
};

/** Samples of several engines taken about the same second (each engine samples on its own timer). */
export function combineSamples(all: readonly StatsSample[]): StatsSample {
  const s = { ...all[0]! };
  for (const x of all.slice(1)) {
    s.t = Math.max(s.t, x.t);
    s.messages += x.messages;
    s.bytes += x.bytes;
    s.snapshots += x.snapshots;
    s.pipelines += x.pipelines;
    s.flushP50 = Math.max(s.flushP50, x.flushP50);
    s.flushP99 = Math.max(s.flushP99, x.flushP99);
    s.stalenessP50 = Math.max(s.stalenessP50, x.stalenessP50);
    s.stalenessP99 = Math.max(s.stalenessP99, x.stalenessP99);
    s.cpu = Math.max(s.cpu, x.cpu);
    s.rss = Math.max(s.rss, x.rss);
    s.heapUsed = Math.max(s.heapUsed, x.heapUsed);
    s.loopLagP99 = Math.max(s.loopLagP99, x.loopLagP99);
  }
  s.compression = s.snapshots > 0 ? s.messages / s.snapshots : 0;
  return s;
}

/** Every engine's status as one: connected only when all are; otherwise the first that is not. */
export function combinedStatus(feeds: readonly FeedState[]): FeedState['status'] {
  return feeds.find((f) => f.status !== 'connected')?.status ?? 'connected';
}

/**
 * The process is ready while any venue is (a venue down stops nothing of the others, and a
 * restart would not bring it back): /readyz names the venues that are not, as degraded.
 */
export function combineReadiness(all: readonly StatsSnapshot[]): Readiness {
  const ready = all.some((s) => s.readiness.ready);
  return {
    ready,
    reasons: ready ? [] : all.flatMap((s) => s.readiness.reasons.map((r) => `${s.feed.venue}: ${r}`)),
    booksInRedis: all.reduce((n, s) => n + s.readiness.booksInRedis, 0),
    markets: all.reduce((n, s) => n + s.readiness.markets, 0),
    needed: all.reduce((n, s) => n + s.readiness.needed, 0),
  };
}

export function combineStats(all: readonly StatsSnapshot[]): StatsSnapshot {
  if (all.length === 1) return { ...all[0]!, venues: [all[0]!.feed] };
  const feeds = all.map((s) => s.feed);
  // Histories line up from their newest sample: engines started within a second of each other.
  const len = Math.min(...all.map((s) => s.history.length));
  const history: StatsSample[] = [];
  for (let i = len; i > 0; i--) history.push(combineSamples(all.map((s) => s.history[s.history.length - i]!)));
  const redisDown = all.find((s) => s.redis.status !== 'writable');
  return {
    now: Math.max(...all.map((s) => s.now)),
    startedAt: Math.min(...all.map((s) => s.startedAt)),
    totals: sumTotals(all.map((s) => s.totals)),
    current: combineSamples(all.map((s) => s.current)),
    history,
    feed: {
      source: feeds.map((f) => f.source).join(','),
      venue: feeds.map((f) => f.venue).join(','),
      url: feeds.map((f) => f.url).join(' '),
      status: combinedStatus(feeds),
      markets: feeds.reduce((n, f) => n + f.markets, 0),
      validMarkets: feeds.reduce((n, f) => n + f.validMarkets, 0),
    },
    venues: feeds,
    redis: redisDown ? redisDown.redis : all[0]!.redis,
    pendingMarkets: all.reduce((n, s) => n + s.pendingMarkets, 0),
    readiness: combineReadiness(all),
  };
}
