// @ob/server: the app as a plugin for tests and tools; `main.ts` is the process.
export { buildApp, BODY_LIMIT_BYTES, CONFIG_CHANGES_PER_MINUTE, MAX_WS_PAYLOAD_BYTES, type AppDeps } from './app';
export { ERRORS, AppError, type ErrorCode } from './errors';
export { loadSettings, describeFieldError, type LoadResult } from './settings/load';
export { helpText, settingsTable, PRECEDENCE_TEXT } from './settings/help';
export { SETTING_DEFS, envName, flagName } from './settings/defs';
export { selectRedis, type RedisChoice } from './redis/select';
export { MAX_WS_BUFFERED_BYTES, MAX_CLIENT_FRAME_BYTES, BOOK_MIN_INTERVAL_MS } from './ws/client';
export { STATS_FRAME_HISTORY } from './ws/hub';
export { createEngines, type Engine, type Engines } from './engines/engines';
export { combineStats } from './engines/combine';
