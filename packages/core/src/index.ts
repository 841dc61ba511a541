export * from './events';
export * from './runtime';
export * from './log-limiter';
export * from './ticker';
export * from './shard';
