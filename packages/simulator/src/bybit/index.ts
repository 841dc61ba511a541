// A local Bybit v5 public linear venue (instruments-info + orderbook.50 WS) with its limits and fault knobs.
export * from './simulator';
export { perpCatalogue, instrumentJson, OTHER_INSTRUMENTS, DEFAULT_INSTRUMENTS, MAX_INSTRUMENTS, type InstrumentSpec } from './catalogue';
export { BYBIT_GARBAGE_KINDS, type BybitGarbageKind } from './garbage';
export type { BybitTrueBook } from './market';
