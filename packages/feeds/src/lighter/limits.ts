// Lighter's documented limits (per IP, apidocs.lighter.xyz "Rate limits" and the websocket
// reference; the figures are gathered in ../shared/docs/feeds.md), as the pool and pacer read them.
import type { VenueLimits } from '../connection/types';

export const SUBSCRIPTIONS_PER_CONNECTION = 100;
export const SUBSCRIPTIONS_TOTAL = 1_000;
export const CONNECTIONS_OPEN = 100;
export const NEW_CONNECTIONS_PER_MINUTE = 80;
/** Client messages a minute: subscribe, unsubscribe, ping... */
export const MESSAGES_PER_MINUTE = 200;
/** Client messages sent and not yet answered (clients under ~35 report no errors: the pacer takes 70 %). */
export const MESSAGES_IN_FLIGHT = 50;
/** The venue closes a connection that sent nothing for 2 minutes. */
export const IDLE_CLOSE_MS = 120_000;
/** ... and drops every connection after 24 h. */
export const MAX_CONNECTION_AGE_MS = 24 * 3_600_000;
/** Our ping: as the venue's SDKs do; 4 pings inside the idle close. */
export const PING_INTERVAL_MS = 30_000;

export const LIGHTER_LIMITS: VenueLimits = {
  subscriptionsPerConnection: SUBSCRIPTIONS_PER_CONNECTION,
  subscriptionsTotal: SUBSCRIPTIONS_TOTAL,
  marketsPerMessage: 1,
  messagesPerMinute: MESSAGES_PER_MINUTE,
  messagesInFlight: MESSAGES_IN_FLIGHT,
  connectionsOpen: CONNECTIONS_OPEN,
  connectionsPerWindow: NEW_CONNECTIONS_PER_MINUTE,
  connectionWindowMs: 60_000,
  idleCloseMs: IDLE_CLOSE_MS,
  maxConnectionAgeMs: MAX_CONNECTION_AGE_MS,
  pingIntervalMs: PING_INTERVAL_MS,
};
