// What the Connections panel says at a glance, from GET /api/feed.
import type { FeedConnections } from '@ob/protocol';

export interface FeedSummary {
  open: number;
  total: number;
  markets: number;
  live: number;
  reconnects: number;
  /** "123 / 160 a minute", or "123 (no limit)". */
  messages: string;
  inFlight: string;
  /** Share of the tighter of the two budgets in use, 0..1 (0 when neither is limited). */
  budgetUse: number;
  errors: number;
}

const perWindow = (ms: number) => (ms === 60_000 ? 'a minute' : `per ${ms >= 1_000 ? `${ms / 1_000} s` : `${ms} ms`}`);

export function summarizeFeed(f: FeedConnections): FeedSummary {
  let markets = 0;
  let live = 0;
  let reconnects = 0;
  let open = 0;
  for (const c of f.connections) {
    markets += c.markets;
    live += c.live;
    reconnects += c.reconnects;
    if (c.state === 'open') open++;
  }
  const b = f.budget;
  const shares = [b.messageBudget ? b.messages / b.messageBudget : 0, b.inFlightBudget ? b.inFlight / b.inFlightBudget : 0];
  return {
    open, total: f.connections.length, markets, live, reconnects,
    messages: b.messageBudget === null ? `${b.messages} (no limit)` : `${b.messages} / ${b.messageBudget} ${perWindow(b.messageWindowMs)}`,
    inFlight: b.inFlightBudget === null ? `${b.inFlight} (no limit)` : `${b.inFlight} / ${b.inFlightBudget}`,
    budgetUse: Math.min(1, Math.max(...shares)),
    errors: f.venueErrors.reduce((n, e) => n + e.count, 0),
  };
}

export interface FeedTotals { open: number; total: number; markets: number; live: number; reconnects: number; errors: number; stuck: number }

/** Several venues' connections summed (the budgets are each venue's own, so not summed). */
export function totalOf(feeds: readonly FeedConnections[]): FeedTotals {
  const t: FeedTotals = { open: 0, total: 0, markets: 0, live: 0, reconnects: 0, errors: 0, stuck: 0 };
  for (const f of feeds) {
    const s = summarizeFeed(f);
    t.open += s.open;
    t.total += s.total;
    t.markets += s.markets;
    t.live += s.live;
    t.reconnects += s.reconnects;
    t.errors += s.errors;
    t.stuck += f.stuck.length;
  }
  return t;
}
