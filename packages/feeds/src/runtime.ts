// What a feed needs from its surroundings: the shared Clock, Logger and log limiter of @ob/core.
import type { Logger } from '@ob/core';

export { systemClock, createLogLimiter, LOG_BURST, LOG_INTERVAL_MS, type Clock } from '@ob/core';
export type FeedLogger = Logger;
