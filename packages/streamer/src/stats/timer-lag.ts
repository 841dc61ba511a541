// Event-loop lag as the engine's own timers see it: how late each flush and stats timer fires.
// It adds no wake-up of its own. A monitorEventLoopDelay histogram sampling every 20 ms woke the
// process 50 times a second, which cost about 0.7 % of a core at the seed's load (a third of
// the whole 2 % budget). The timers measured are the ones whose lateness delays Redis writes.
import type { Clock } from '../types';

/** `clock`, except that every timer reports how many ms after its due time it ran (never < 0). */
export function lagReportingClock(clock: Clock, report: (lateMs: number) => void): Clock {
  // Sub-millisecond where the clock has it (the system clock): Date.now() would round lags to whole ms.
  const read = clock.preciseNow ? () => clock.preciseNow!() : () => clock.now();
  return {
    now: () => clock.now(),
    setTimeout(fn, ms) {
      const due = read() + Math.max(0, ms);
      return clock.setTimeout(() => {
        report(Math.max(0, read() - due));
        fn();
      }, ms);
    },
    clearTimeout: (h) => clock.clearTimeout(h),
    preciseNow: clock.preciseNow ? () => clock.preciseNow!() : undefined,
  };
}
