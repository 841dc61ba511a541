// A REST weight budget shared by every request to one venue from this IP: a token bucket
// (`perMinute` refilled evenly, at most `burst` saved up), granted first come first served, at
// most `maxInFlight` requests at once, and paused outright when the venue says stop (HTTP
// 429/418 with Retry-After). Any 60 s window then carries at most burst + perMinute, so a
// reconnect of hundreds of symbols is spread over minutes instead of hitting the venue at once;
// and when a 429 comes back, only the few requests already in flight can follow it (a venue
// bans IPs that keep asking). Venue-neutral: it moves into connection/ when wired in.
import { systemClock, type Clock } from '@ob/core';

/** Waiters beyond this are refused: a queue this long is a bug upstream, not load. */
export const MAX_WAITERS = 10_000;
/** Requests at once by default: enough to keep a 20-weight-a-request budget busy at any sane latency. */
export const DEFAULT_MAX_IN_FLIGHT = 4;
const MINUTE_MS = 60_000;

export interface WeightBudgetOptions {
  /** Weight granted per minute, evenly. */
  perMinute: number;
  /** Weight that may be granted at once after a quiet spell (also the largest single request). */
  burst: number;
  /** Requests granted and not yet released. */
  maxInFlight?: number;
  clock?: Clock;
}

export interface WeightBudgetCounters {
  granted: number;
  weightGranted: number;
  /** Requests waiting now. */
  waiting: number;
  /** Requests granted and not released now. */
  inFlight: number;
  /** Times the venue told us to stop (pause()). */
  pauses: number;
  /** Requests refused: queue full, budget closed or aborted. */
  refused: number;
}

export class BudgetClosedError extends Error {
  constructor(why: string) { super(`weight budget: ${why}`); this.name = 'BudgetClosedError'; }
}

/** Ends a granted request (call it once the answer is in, success or not); later calls do nothing. */
export type Release = () => void;

interface Waiter { weight: number; resolve: (release: Release) => void; reject: (e: Error) => void; signal?: AbortSignal; onAbort?: () => void }

function checkInt(name: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${name} must be an integer in ${min}..${max}, got ${v}`);
}

export class RestWeightBudget {
  private readonly clock: Clock;
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly maxInFlight: number;
  private inFlight = 0;
  private tokens: number;
  private refilledAt: number;
  private pausedUntil = 0;
  private readonly queue: Waiter[] = [];
  private timer: unknown;
  private closed = false;
  private readonly c: WeightBudgetCounters = { granted: 0, weightGranted: 0, waiting: 0, inFlight: 0, pauses: 0, refused: 0 };

  constructor(opts: WeightBudgetOptions) {
    checkInt('perMinute', opts.perMinute, 1, 10_000_000);
    checkInt('burst', opts.burst, 1, 10_000_000);
    checkInt('maxInFlight', opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT, 1, 10_000);
    this.maxInFlight = opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.clock = opts.clock ?? systemClock;
    this.ratePerMs = opts.perMinute / MINUTE_MS;
    this.burst = opts.burst;
    this.tokens = opts.burst;
    this.refilledAt = this.clock.now();
  }

  /** Resolves when `weight` may be spent, with the request's Release; rejects when aborted, closed or the queue is full. */
  acquire(weight: number, signal?: AbortSignal): Promise<Release> {
    checkInt('weight', weight, 1, this.burst);
    if (this.closed) { this.c.refused++; return Promise.reject(new BudgetClosedError('closed')); }
    if (signal?.aborted) { this.c.refused++; return Promise.reject(new BudgetClosedError('aborted')); }
    if (this.queue.length >= MAX_WAITERS) { this.c.refused++; return Promise.reject(new BudgetClosedError(`over ${MAX_WAITERS} waiting`)); }
    return new Promise<Release>((resolve, reject) => {
      const w: Waiter = { weight, resolve, reject, signal };
      if (signal) {
        w.onAbort = () => {
          const i = this.queue.indexOf(w);
          if (i >= 0) this.queue.splice(i, 1);
          this.c.refused++;
          reject(new BudgetClosedError('aborted'));
          this.pump();
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.queue.push(w);
      this.pump();
    });
  }

  /** The venue said stop: nothing is granted for `ms` (the longest pause wins), and no burst is saved meanwhile. */
  pause(ms: number): void {
    const until = this.clock.now() + Math.max(0, ms);
    this.c.pauses++;
    if (until > this.pausedUntil) this.pausedUntil = until;
    this.tokens = 0;
    this.refilledAt = Math.max(this.refilledAt, this.pausedUntil);
    this.pump();
  }

  /** Ms until grants resume after a pause (0 when not paused). */
  pausedFor(): number { return Math.max(0, this.pausedUntil - this.clock.now()); }

  counters(): Readonly<WeightBudgetCounters> { return { ...this.c, waiting: this.queue.length, inFlight: this.inFlight }; }

  /** Rejects every waiter; later acquires are refused. */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) { this.clock.clearTimeout(this.timer); this.timer = undefined; }
    for (const w of this.queue.splice(0)) {
      if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
      this.c.refused++;
      w.reject(new BudgetClosedError('closed'));
    }
  }

  private pump(): void {
    if (this.timer !== undefined) { this.clock.clearTimeout(this.timer); this.timer = undefined; }
    if (this.closed || this.queue.length === 0) return;
    const now = this.clock.now();
    if (now < this.pausedUntil) { this.wakeIn(this.pausedUntil - now); return; }
    if (now > this.refilledAt) {
      this.tokens = Math.min(this.burst, this.tokens + (now - this.refilledAt) * this.ratePerMs);
      this.refilledAt = now;
    }
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight && this.tokens >= this.queue[0]!.weight) {
      const w = this.queue.shift()!;
      this.tokens -= w.weight;
      this.inFlight++;
      this.c.granted++;
      this.c.weightGranted += w.weight;
      if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
      let released = false;
      w.resolve(() => {
        if (released) return;
        released = true;
        this.inFlight--;
        this.pump();
      });
    }
    // Full in flight: a release pumps again. Short of tokens: wake when they have refilled.
    if (this.queue.length > 0 && this.inFlight < this.maxInFlight) this.wakeIn((this.queue[0]!.weight - this.tokens) / this.ratePerMs);
  }

  private wakeIn(ms: number): void {
    this.timer = this.clock.setTimeout(() => { this.timer = undefined; this.pump(); }, Math.max(1, Math.ceil(ms)));
  }
}
