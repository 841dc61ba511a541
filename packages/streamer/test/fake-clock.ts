// A clock the test drives: timers run only inside advance(), in time order, with promise
// continuations (sink acks) settled between them.
import type { Clock } from '../src/types';

interface Timer { at: number; id: number; fn: () => void }

/** Lets every queued microtask (and the promise chains they start) run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class FakeClock implements Clock {
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  constructor(private t = 1_000_000) {}

  now(): number { return this.t; }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.t + Math.max(0, ms), id, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Timers not yet run. */
  get pendingTimers(): number { return this.timers.size; }

  /** Moves time forward by `ms`, running every timer that falls due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    for (;;) {
      await settle();
      let next: Timer | undefined;
      for (const tm of this.timers.values()) {
        if (tm.at <= target && (!next || tm.at < next.at || (tm.at === next.at && tm.id < next.id))) next = tm;
      }
      if (!next) break;
      this.timers.delete(next.id);
      this.t = next.at;
      next.fn();
    }
    this.t = target;
    await settle();
  }
}
