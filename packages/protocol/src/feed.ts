// GET /api/feed: the venue connections as the operator sees them (the dashboard's Connections
// panel reads the same shape). Budgets are null when the venue documents no such limit.
import Type, { type Static } from 'typebox';

export const FeedConnection = Type.Object({
  index: Type.Integer(),
  state: Type.Enum(['idle', 'connecting', 'open', 'backoff', 'stopped']),
  markets: Type.Integer({ description: 'Markets this connection carries.' }),
  live: Type.Integer({ description: 'Of them, markets with a live book.' }),
  ageMs: Type.Number(),
  reconnects: Type.Integer(),
  recycles: Type.Integer({ description: 'Reconnects made on purpose before the venue\'s max connection age.' }),
});

export const FeedStuckMarket = Type.Object({
  market: Type.Integer(),
  symbol: Type.String(),
  stuckMs: Type.Number({ description: 'Since the first subscribe not answered with a snapshot.' }),
  attempts: Type.Integer(),
  state: Type.Enum(['awaiting', 'backoff']),
  retryInMs: Type.Number(),
});

export const FeedVenueError = Type.Object({
  code: Type.String(),
  count: Type.Integer(),
  lastMessage: Type.String(),
  markets: Type.Array(Type.Object({ market: Type.Integer(), symbol: Type.String(), count: Type.Integer() })),
});

export const FeedConnections = Type.Object({
  venue: Type.String(),
  url: Type.String(),
  marketsPerConnection: Type.Integer(),
  connections: Type.Array(FeedConnection),
  budget: Type.Object({
    messages: Type.Integer({ description: 'Client messages sent in the current window.' }),
    messageBudget: Type.Union([Type.Integer(), Type.Null()]),
    messageWindowMs: Type.Number(),
    inFlight: Type.Integer({ description: 'Subscribes awaiting their answer.' }),
    inFlightBudget: Type.Union([Type.Integer(), Type.Null()]),
    connections: Type.Integer({ description: 'Connections opened in the current connection window.' }),
    connectionBudget: Type.Union([Type.Integer(), Type.Null()]),
    held: Type.Integer({ description: 'Sends held back for budget so far.' }),
  }),
  venueErrors: Type.Array(FeedVenueError),
  stuck: Type.Array(FeedStuckMarket),
  unplaced: Type.Integer(),
  lastRefreshAt: Type.Number(),
  refreshes: Type.Integer(),
  refreshFailures: Type.Integer(),
});
export type FeedConnections = Static<typeof FeedConnections>;
