export * from './events';
export * from './runtime';
export * from './log-limiter';
