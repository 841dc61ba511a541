// What a venue feed shows the operator (GET /api/feed, /metrics, the dashboard's Connections
// panel): plain data, JSON-safe (no Infinity: an absent budget is null).

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
