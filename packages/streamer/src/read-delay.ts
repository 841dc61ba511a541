// How long the sockets may leave what arrived in the kernel before reading it (the ticker's read
// delay, @ob/core ticker.ts), chosen from the batch interval. A delay of d ms turns frames that
// arrive 1 ms apart into one read (and one wake-up) every d ms; the delay is counted inside the
// interval (a change's age starts when its data may have arrived), so a longer delay leaves less
// of the interval for batching. An eighth of the interval keeps ~7/8 of it for batching while a
// 100 ms interval reads every 12 ms (~12 frames a read at 1,000 msg/s); past 20 ms the saving
// is small (50 reads a second) and a busy stream would only pile up in the kernel. Below a
// 10 ms interval reads happen at once: there is too little interval to give away.

export const READ_DELAY_SHARE = 1 / 8;
export const MAX_READ_DELAY_MS = 20;
export const MIN_COALESCED_INTERVAL_MS = 10;

export function readDelayFor(batchIntervalMs: number): number {
  if (batchIntervalMs < MIN_COALESCED_INTERVAL_MS) return 0;
  return Math.min(MAX_READ_DELAY_MS, Math.floor(batchIntervalMs * READ_DELAY_SHARE));
}
