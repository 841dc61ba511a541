// Events in a sliding time window, the simulators' way of enforcing a venue's rate limits
// (client messages a second, new connections per window, subscribes an hour, REST weight a
// minute). Venues count in one of two ways, so both are here: hit() counts every event, refused
// ones too (the venue saw it); take() spends the budget only on what it lets through.

export class RateWindow {
  // Times and costs of the events counted, oldest first, from `head` on.
  private readonly times: number[] = [];
  private readonly costs: number[] = [];
  private head = 0;
  private total = 0;

  constructor(readonly limit: number, readonly windowMs: number) {}

  /** Records an event at `now`; false when it is over the limit (the event still counts: the venue saw it). */
  hit(now: number): boolean {
    this.expire(now);
    this.push(now, 1);
    return this.total <= this.limit;
  }

  /** Records an event of `cost` at `now` if the limit allows it; false (nothing recorded) when over. */
  take(now: number, cost = 1): boolean {
    this.expire(now);
    if (this.total + cost > this.limit) return false;
    this.push(now, cost);
    return true;
  }

  /** Events (or their cost) inside the window at `now`. */
  count(now: number): number {
    this.expire(now);
    return this.total;
  }

  private push(now: number, cost: number): void {
    this.times.push(now);
    this.costs.push(cost);
    this.total += cost;
  }

  private expire(now: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= now - this.windowMs) this.total -= this.costs[this.head++]!;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.costs.splice(0, this.head);
      this.head = 0;
    }
  }
}

/** Keys kept before empty windows are dropped: bounds memory however many IPs come and go. */
const MAX_IDLE_KEYS = 10_000;

/** One RateWindow per key (a client IP), created on first use. */
export class KeyedRateWindow {
  private readonly windows = new Map<string, RateWindow>();

  constructor(readonly limit: number, readonly windowMs: number) {}

  hit(key: string, now: number): boolean { return this.of(key, now).hit(now); }

  take(key: string, now: number, cost = 1): boolean { return this.of(key, now).take(now, cost); }

  private of(key: string, now: number): RateWindow {
    let w = this.windows.get(key);
    if (w) return w;
    if (this.windows.size >= MAX_IDLE_KEYS) for (const [k, v] of this.windows) if (v.count(now) === 0) this.windows.delete(k);
    w = new RateWindow(this.limit, this.windowMs);
    this.windows.set(key, w);
    return w;
  }
}
