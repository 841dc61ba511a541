// A local Hyperliquid (l2Book WebSocket + POST /info meta) with the venue's limits and fault knobs.
export * from './simulator';
export { coinCatalogue, metaBody, DEFAULT_COINS, MAX_COINS, type CoinSpec } from './catalogue';
export { HL_GARBAGE_KINDS, type HlGarbageKind } from './garbage';
export { GREETING as HL_GREETING } from './hub';
