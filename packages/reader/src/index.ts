export { createReader, type Reader, type ReaderOptions } from './reader';
export { ReaderError, type ReaderErrorCode } from './errors';
export type {
  Book, BookRead, Cursors, Filter, Level, OnBook, ResyncReason, Staleness, StalenessLimits,
  SubscribeOptions, Subscription, SubscriptionStats, UpdateInfo,
} from './types';
export { staleness, DEFAULT_MAX_AGE_MS, DEFAULT_MIN_TTL_MS } from './staleness';
export { decodeBook, MAX_BOOK_BYTES } from './decode';
export { keysFor, compareIds, type Keys } from './keys';
