export type * from './types';
export { createStreamer, STOP_FLUSH_TIMEOUT_MS } from './create-streamer';
export { createRedisSink, createNullSink, bookKey, updatesChannel, redactUrl, GZIP_SUFFIX } from './redis-sink';
export { createRedisClient } from './redis-client';
export { formatStatsLine, type StatsLineState } from './stats-line';
export { systemClock } from './clock';
export { RETRY_BASE_MS, RETRY_MAX_MS } from './batcher';
export { HISTORY_SECONDS } from './stats/collector';
export { defaultSettings, mergeSettings } from './settings';
