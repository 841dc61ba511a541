// Hyperliquid's documented limits (per IP unless said), as named constants the pool and pacer
// read. Sources in README.md beside this file.

/** "Rate limits and user limits": websocket connections open at once. (Older revisions said 100.) */
export const MAX_CONNECTIONS = 10;
/** New websocket connections per minute. */
export const NEW_CONNECTIONS_PER_MINUTE = 30;
/** Websocket subscriptions across all connections. */
export const MAX_SUBSCRIPTIONS = 1_000;
/** Messages sent to Hyperliquid per minute across all websocket connections. */
export const MESSAGES_PER_MINUTE = 2_000;
/** Simultaneous inflight post messages; subscribes are not posts, so this bounds our in-flight budget from above. */
export const MAX_INFLIGHT_POSTS = 100;
/** "Timeouts and heartbeats": the server closes a connection it has sent nothing to for 60 s. */
export const IDLE_CLOSE_MS = 60_000;
/** REST: aggregated weight per minute; `meta` weighs 20. */
export const REST_WEIGHT_PER_MINUTE = 1_200;
export const META_WEIGHT = 20;

// Our choices where the venue documents nothing:
/** Half the idle close, so one lost pong never costs the connection (the TS SDK pings at 30 s too). */
export const PING_INTERVAL_MS = 30_000;
/** No per-connection cap is documented; 200 keeps all of Hyperliquid's perps on about one socket
 * while a socket's loss touches a bounded set of books. */
export const SUBSCRIPTIONS_PER_CONNECTION = 200;
/** Unanswered subscribes we allow at once: half the post bound. */
export const MESSAGES_IN_FLIGHT = 50;
