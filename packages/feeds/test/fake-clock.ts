// A clock the test moves: timers run only inside advance(), in time order.
import type { Clock } from '@ob/core';

interface Timer { at: number; id: number; fn: () => void }

export class ManualClock implements Clock {
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();
  constructor(private t = 1_000_000) {}
  now(): number { return this.t; }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.t + Math.max(0, ms), id, fn });
    return id;
  }
  clearTimeout(handle: unknown): void { this.timers.delete(handle as number); }
  /** Runs every timer due within `ms`, earliest first, letting promise continuations settle between. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    for (;;) {
      await new Promise((r) => setImmediate(r));
      let next: Timer | undefined;
      for (const tm of this.timers.values()) if (tm.at <= target && (!next || tm.at < next.at)) next = tm;
      if (!next) break;
      this.timers.delete(next.id);
      this.t = next.at;
      next.fn();
    }
    this.t = target;
    await new Promise((r) => setImmediate(r));
  }
}
