// Events in a sliding time window (client messages a second, connections per IP per window,
// subscribe requests an hour): the simulators' way of enforcing a venue's rate limits.

export class RateWindow {
  private readonly times: number[] = [];
  private head = 0;

  constructor(readonly limit: number, readonly windowMs: number) {}

  /** Records an event at `now`; false when it is over the limit (the event still counts: the venue saw it). */
  hit(now: number): boolean {
    this.expire(now);
    this.times.push(now);
    return this.times.length - this.head <= this.limit;
  }

  count(now: number): number {
    this.expire(now);
    return this.times.length - this.head;
  }

  private expire(now: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= now - this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) { this.times.splice(0, this.head); this.head = 0; }
  }
}

/** One RateWindow per key (an IP), dropped once empty. */
export class KeyedRateWindow {
  private readonly windows = new Map<string, RateWindow>();
  constructor(readonly limit: number, readonly windowMs: number) {}
  hit(key: string, now: number): boolean {
    let w = this.windows.get(key);
    if (!w) { w = new RateWindow(this.limit, this.windowMs); this.windows.set(key, w); }
    const ok = w.hit(now);
    if (this.windows.size > 10_000) for (const [k, v] of this.windows) if (v.count(now) === 0) this.windows.delete(k);
    return ok;
  }
}
