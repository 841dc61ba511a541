// How long the sockets may leave what arrived in the kernel (the ticker's read delay, @ob/core
// ticker.ts) when no flush reads it first, chosen from the batch interval. A flush reads every
// held socket before it writes (ticker.readHeld()) and the batcher flushes by the oldest held
// data's arrival plus the interval, so the wait in the kernel is inside batchIntervalMs and takes
// nothing from the batching: between flushes a socket is not read at all, however many frames
// arrive. The delay is only the backstop for data no flush comes for (a ping, an ack): the
// interval itself, at most MAX_READ_DELAY_MS (so a reply the venue waits for is never held
// longer). Below a 10 ms interval reads happen at once: too little interval to give away.

export const MAX_READ_DELAY_MS = 100;
export const MIN_COALESCED_INTERVAL_MS = 10;

export function readDelayFor(batchIntervalMs: number): number {
  if (batchIntervalMs < MIN_COALESCED_INTERVAL_MS) return 0;
  return Math.min(MAX_READ_DELAY_MS, batchIntervalMs);
}
