// How early a flush starts before its deadline: a high quantile of what recent flushes took from
// their due time to their last ack (timer lateness + build + write + round trip). A mean (what
// this was first) leaves about half of all flushes late by their excess over it; the interval
// is the operator's bound on staleness, so the lead is sized for nearly every flush instead.

/** The last this many flushes are kept. */
export const LEAD_WINDOW = 20;
/**
 * Which of them the lead covers: with 20 kept, the third slowest (two outliers do not count).
 * Until 20 flushes have run the missing ones count as 0, so the first, cold flush (JIT, a fresh
 * connection) does not make the next ones needlessly early.
 */
export const LEAD_QUANTILE = 0.9;

export class FlushLead {
  private readonly took = new Float64Array(LEAD_WINDOW);
  private readonly sorted = new Float64Array(LEAD_WINDOW);
  private next = 0;
  private value = 0;

  /** The current lead (ms), at most `capMs`. */
  ms(capMs: number): number {
    return Math.min(this.value, capMs);
  }

  /** A flush finished `tookMs` after it was due. */
  record(tookMs: number): void {
    this.took[this.next] = Math.max(0, tookMs);
    this.next = (this.next + 1) % LEAD_WINDOW;
    this.sorted.set(this.took);
    this.sorted.sort();
    this.value = this.sorted[Math.ceil(LEAD_QUANTILE * LEAD_WINDOW) - 1]!;
  }
}
