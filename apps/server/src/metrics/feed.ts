// ob_feed_* metrics: each venue's connections, subscribe budget, venue errors and stuck markets,
// read from the feeds' views at scrape time, every series labelled with its venue. Labels are
// bounded: connections by index, error codes and symbols come from the view's own caps.
import type { FeedConnections } from '@ob/protocol';
import { Counter, Gauge, type Registry } from 'prom-client';

export function createFeedMetrics(registry: Registry, views: () => readonly FeedConnections[]): () => void {
  const reg = { registers: [registry] };
  const gauge = (name: string, help: string, labels: string[] = []) => new Gauge({ name, help, labelNames: ['venue', ...labels], ...reg });
  const counter = (name: string, help: string, labels: string[] = []) => new Counter({ name, help, labelNames: ['venue', ...labels], ...reg });
  const connections = gauge('ob_feed_connections', 'Venue connections by state.', ['state']);
  const connMarkets = gauge('ob_feed_connection_markets', 'Markets a venue connection carries.', ['connection']);
  const connLive = gauge('ob_feed_connection_live_markets', 'Markets with a live book on a venue connection.', ['connection']);
  const connAge = gauge('ob_feed_connection_age_seconds', 'Age of a venue connection (0 while down).', ['connection']);
  const connReconnects = counter('ob_feed_connection_reconnects_total', 'Reconnects of a venue connection.', ['connection']);
  const connRecycles = counter('ob_feed_connection_recycles_total', 'Reconnects made before the venue\'s max connection age.', ['connection']);
  const budgetUsed = gauge('ob_feed_subscribe_budget_messages', 'Client messages sent in the current window.');
  const budgetLimit = gauge('ob_feed_subscribe_budget_messages_limit', 'Our budget of client messages per window (a share of the venue\'s limit).');
  const inFlight = gauge('ob_feed_subscribe_in_flight', 'Subscribes awaiting their answer.');
  const inFlightLimit = gauge('ob_feed_subscribe_in_flight_limit', 'Our in-flight budget (a share of the venue\'s limit).');
  const held = counter('ob_feed_subscribe_held_total', 'Sends held back for budget (they wait, nothing is dropped).');
  const errors = counter('ob_feed_venue_errors_total', 'Error frames from the venue by code.', ['code']);
  const marketErrors = counter('ob_feed_venue_market_errors_total', 'Error frames from the venue naming a market, by code and market.', ['code', 'symbol']);
  const stuck = gauge('ob_feed_stuck_markets', 'Markets subscribed without a snapshot past the snapshot timeout (backing off).');
  const stuckAge = gauge('ob_feed_stuck_market_seconds', 'How long a stuck market has been without its snapshot.', ['symbol']);
  const refreshes = counter('ob_feed_market_list_refreshes_total', 'Market-list refreshes, by outcome.', ['outcome']);
  const unplaced = gauge('ob_feed_unplaced_markets', 'Markets selected but past the venue\'s connection cap (not streamed).');

  const all = [connections, connMarkets, connLive, connAge, connReconnects, connRecycles, budgetUsed, budgetLimit, inFlight, inFlightLimit,
    held, errors, marketErrors, stuck, stuckAge, refreshes, unplaced];

  return () => {
    // Reset first, so a connection, code or venue that went away leaves the output.
    for (const m of all) m.reset();
    for (const v of views()) {
      const venue = v.venue;
      for (const state of ['idle', 'connecting', 'open', 'backoff']) connections.set({ venue, state }, v.connections.filter((c) => c.state === state).length);
      for (const c of v.connections) {
        const l = { venue, connection: String(c.index) };
        connMarkets.set(l, c.markets);
        connLive.set(l, c.live);
        connAge.set(l, c.ageMs / 1000);
        connReconnects.inc(l, c.reconnects);
        connRecycles.inc(l, c.recycles);
      }
      budgetUsed.set({ venue }, v.budget.messages);
      budgetLimit.set({ venue }, v.budget.messageBudget ?? -1);
      inFlight.set({ venue }, v.budget.inFlight);
      inFlightLimit.set({ venue }, v.budget.inFlightBudget ?? -1);
      held.inc({ venue }, v.budget.held);
      for (const e of v.venueErrors) {
        errors.inc({ venue, code: e.code }, e.count);
        for (const m of e.markets) marketErrors.inc({ venue, code: e.code, symbol: m.symbol }, m.count);
      }
      stuck.set({ venue }, v.stuck.length);
      for (const s of v.stuck) stuckAge.set({ venue, symbol: s.symbol }, s.stuckMs / 1000);
      refreshes.inc({ venue, outcome: 'ok' }, v.refreshes);
      refreshes.inc({ venue, outcome: 'failed' }, v.refreshFailures);
      unplaced.set({ venue }, v.unplaced);
    }
  };
}
