// Bybit v5 public (linear) limits as named constants the pool and pacer read. Sources in README.md.

/** "Connect" / "Rate limit rules": new connections per 5-minute window per IP (per domain). */
export const CONNECTIONS_PER_WINDOW = 500;
export const CONNECTION_WINDOW_MS = 5 * 60_000;
/** Market-data connections open per IP, counted per market type (linear apart from spot). */
export const MAX_CONNECTIONS = 1_000;
/** "Public channel - Args limits": the args of one connection may total at most this many characters. */
export const ARGS_CHARS_PER_CONNECTION = 21_000;
/** Documented for spot ("up to 10 args for each subscription request"); linear has "no args
 * limit for now". We keep 10 on linear too: it is what feeds.md says and costs nothing. */
export const ARGS_PER_MESSAGE = 10;
/** "We recommend that you send the ping heartbeat packet every 20 seconds." */
export const PING_INTERVAL_MS = 20_000;
/** "If there is no ping-pong and no stream data sent from server end, the connection will be cut
 * off after 10 minutes." (A third-party probe saw an unsubscribed silent socket closed at ~61 s.) */
export const IDLE_CLOSE_MS = 10 * 60_000;
/** REST: requests per 5-second window per IP; past it, HTTP 403 "access too frequent" and a 10-minute ban. */
export const REST_REQUESTS_PER_WINDOW = 600;
export const REST_WINDOW_MS = 5_000;
/** instruments-info: entries per page (1..1000, default 500); more than 500 linear symbols exist. */
export const INSTRUMENTS_PAGE_LIMIT = 1_000;
/** The depth we stream: `orderbook.50.{symbol}`, pushed every 20 ms on linear. */
export const DEPTH = 50;

// Our choices where the venue documents nothing:
/** At most 77 characters a topic (a 64-character symbol), 200 topics stay under 15,400 of the
 * 21,000 argument characters; and one lost socket touches a bounded set of books. */
export const SUBSCRIPTIONS_PER_CONNECTION = 200;
/** No client message rate is documented for public streams: a gentle 5 a second. */
export const MESSAGES_PER_MINUTE = 300;
export const MESSAGES_IN_FLIGHT = 20;
