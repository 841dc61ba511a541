// What a venue feed shows the operator (GET /api/feed, /metrics, the dashboard's Connections
// panel): plain data, JSON-safe (no Infinity: an absent budget is null).
import type { BookEvent } from '@ob/core';
import type { FeedContext } from './context';
import type { FeedMarkets } from './market-list';

export interface ConnectionView {
  index: number;
  state: 'idle' | 'connecting' | 'open' | 'backoff' | 'stopped';
  markets: number;
  /** Markets on it with a live book. */
  live: number;
  ageMs: number;
  reconnects: number;
  recycles: number;
}

export interface StuckMarketView {
  market: number;
  symbol: string;
  /** Since the first subscribe that was not answered with a snapshot. */
  stuckMs: number;
  attempts: number;
  /** 'awaiting' (a subscribe is out) or 'backoff' (waiting to retry). */
  state: 'awaiting' | 'backoff';
  /** ms until the next retry (0 while awaiting). */
  retryInMs: number;
}

export interface VenueErrorView {
  code: string;
  count: number;
  lastMessage: string;
  /** Errors that named a market, most first (at most 20). */
  markets: { market: number; symbol: string; count: number }[];
}

export interface FeedView {
  venue: string;
  url: string;
  marketsPerConnection: number;
  connections: ConnectionView[];
  budget: {
    messages: number; messageBudget: number | null; messageWindowMs: number;
    inFlight: number; inFlightBudget: number | null;
    connections: number; connectionBudget: number | null;
    held: number;
  };
  venueErrors: VenueErrorView[];
  stuck: StuckMarketView[];
  /** Markets selected but not placed on any connection (past the venue's connection cap). */
  unplaced: number;
  lastRefreshAt: number;
  refreshes: number;
  refreshFailures: number;
}

/** The view of one feed now. */
export function buildView<E extends BookEvent>(ctx: FeedContext<E>, markets: FeedMarkets): FeedView {
  const { pool, slots, settings, errors } = ctx;
  const now = ctx.clock.now();
  const use = ctx.pacer.use(now);
  const fin = (n: number) => (n === Infinity ? null : n);
  const symbolOf = (id: number) => slots.get(id)?.info.symbol ?? markets.known()?.find((m) => m.id === id)?.symbol ?? String(id);
  const stuck: StuckMarketView[] = [];
  for (const s of slots.values()) {
    if (s.stuckSince === 0 || now - s.stuckSince <= settings.snapshotMs || (s.state !== 'awaiting' && s.state !== 'backoff')) continue;
    stuck.push({ market: s.info.id, symbol: s.info.symbol, stuckMs: now - s.stuckSince, attempts: s.attempts, state: s.state, retryInMs: s.state === 'backoff' ? Math.max(0, s.retryAt - now) : 0 });
  }
  stuck.sort((a, b) => b.stuckMs - a.stuckMs);
  return {
    venue: ctx.module.venue,
    url: settings.wsUrl,
    marketsPerConnection: settings.perConnection,
    connections: pool.links.map((l) => {
      let live = 0;
      for (const id of l.markets) if (slots.get(id)?.state === 'live') live++;
      return { index: l.index, state: l.state(), markets: l.markets.size, live, ageMs: l.age(now), reconnects: l.reconnects(), recycles: l.recycles() };
    }),
    budget: {
      messages: use.messages, messageBudget: fin(use.messageBudget), messageWindowMs: settings.windowMs,
      inFlight: use.inFlight, inFlightBudget: fin(use.inFlightBudget),
      connections: use.connections, connectionBudget: fin(use.connectionBudget), held: use.held,
    },
    venueErrors: errors.list().map((t) => ({
      code: t.code, count: t.count, lastMessage: t.lastMessage,
      markets: [...t.markets].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([market, count]) => ({ market, symbol: symbolOf(market), count })),
    })),
    stuck,
    unplaced: markets.unplaced(),
    lastRefreshAt: markets.lastRefreshAt(),
    refreshes: ctx.c.refreshes,
    refreshFailures: ctx.c.refreshFailures,
  };
}
