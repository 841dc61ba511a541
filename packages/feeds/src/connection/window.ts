// A sliding-window count of events ("N per minute"): the times of recent events, oldest first.
// The pacer keeps one for client messages and one for new connections.

export class SlidingWindow {
  private times: number[] = [];
  private head = 0;

  constructor(readonly windowMs: number) {}

  add(now: number, n = 1): void {
    for (let i = 0; i < n; i++) this.times.push(now);
  }

  count(now: number): number {
    const from = now - this.windowMs;
    while (this.head < this.times.length && this.times[this.head]! <= from) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) { this.times = this.times.slice(this.head); this.head = 0; }
    return this.times.length - this.head;
  }

  /** When the oldest event in the window leaves it (now, when the window is empty). */
  nextFreeAt(now: number): number {
    return this.count(now) === 0 ? now : this.times[this.head]! + this.windowMs;
  }
}
