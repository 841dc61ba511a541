export * from './settings';
export * from './stats';
export * from './api';
export * from './validate';
export * from './streams';
export * from './fleet';
