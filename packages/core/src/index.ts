export * from './events';
export * from './runtime';
export * from './log-limiter';
export * from './shard';
