// Connection limits shared by the sink's connection and the app's ioredis client.

/** Reconnect delay cap while Redis is away: books stay pending meanwhile and are written within ~1 s of return. */
export const REDIS_RECONNECT_MAX_MS = 500;
/** A command Redis does not answer (hung server, half-open socket) fails after this instead of holding the flush. */
export const REDIS_COMMAND_TIMEOUT_MS = 5_000;
/** Connecting gives up after this and is retried (backoff capped at REDIS_RECONNECT_MAX_MS). */
export const REDIS_CONNECT_TIMEOUT_MS = 2_000;
/** A connection error is logged at most this often. */
export const ERROR_LOG_INTERVAL_MS = 10_000;
