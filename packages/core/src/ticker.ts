// One timer for the engine's short waits: the sockets that leave what arrived in the kernel for
// a few ms (packages/feeds/src/ws/socket-reads.ts) and the batcher's flushes. At the seed's load
// waking the process costs far more than the work a wake-up does (a frame is ~2 µs, a wake-up
// tens of µs), so the waits are put on a grid of `readDelayMs()`: every read and flush due in
// the same step of the grid runs in the same wake-up, whatever the number of connections.
//
// The read delay is asked for by whoever bounds staleness (each streamer, from its batch
// interval); the smallest request wins, so one engine's long interval never delays another's
// reads, and with no request (a feed on its own) reads happen at once.
import { systemClock, type Clock } from './runtime';

/** A timer may fire this much before its time by the clock's reading (Node rounds to whole ms). */
const EARLY_FIRE_MS = 1;

/** A unit of work the ticker runs once per schedule; reuse it (no allocation per wait). */
export interface TickTask {
  readonly run: () => void;
  /** When it runs; Infinity when not scheduled. */
  at: number;
  /** Scheduled on the grid (a read), which a shorter read delay pulls in. */
  onGrid: boolean;
}

export const tickTask = (run: () => void): TickTask => ({ run, at: Infinity, onGrid: false });

export class Ticker {
  private readonly tasks: TickTask[] = [];
  private readonly due: TickTask[] = [];
  private timer: unknown = null;
  private timerAt = Infinity;
  private readonly requests = new Map<object, number>();
  private delay = 0;
  /** See heldSince(). */
  private held = -1;

  constructor(readonly clock: Clock = systemClock) {}

  now(): number { return this.clock.now(); }

  /** How long a socket may leave what arrived in the kernel before reading it (0: read at once). */
  readDelayMs(): number { return this.delay; }

  /** `owner` bounds staleness and asks reads to wait at most `ms`; undefined withdraws the request. */
  requestReadDelay(owner: object, ms: number | undefined): void {
    if (ms === undefined) this.requests.delete(owner);
    else this.requests.set(owner, Math.max(0, ms));
    let d = Infinity;
    for (const v of this.requests.values()) d = Math.min(d, v);
    const next = d === Infinity ? 0 : d;
    const shorter = next < this.delay;
    this.delay = next;
    // Waits begun under the longer delay are cut to the new one (a 1 ms interval reads at once).
    if (shorter) {
      const latest = this.now() + next;
      for (const t of this.tasks) if (t.onGrid && t.at > latest) t.at = latest;
      this.arm();
    }
  }

  /**
   * Runs the task once, on the grid point at or before `at` (the grid's step is the read delay:
   * early by less than a step, never late but for a late timer), so that every task due in the
   * same step shares one wake-up. A task already scheduled moves.
   */
  scheduleOnGrid(task: TickTask, at: number): void {
    const q = this.delay;
    this.put(task, q > 0 ? Math.floor(at / q) * q : at, true);
  }

  /** Runs the task once at `at` (a deadline of its own, e.g. a flush); a task already scheduled moves. */
  schedule(task: TickTask, at: number): void {
    this.put(task, at, false);
  }

  private put(task: TickTask, at: number, onGrid: boolean): void {
    if (task.at === Infinity) this.tasks.push(task);
    task.at = at;
    task.onGrid = onGrid;
    if (at < this.timerAt) this.arm();
  }

  cancel(task: TickTask): void {
    if (task.at === Infinity) return;
    task.at = Infinity;
    const i = this.tasks.indexOf(task);
    if (i >= 0) { this.tasks[i] = this.tasks[this.tasks.length - 1]!; this.tasks.pop(); }
    this.arm(); // nothing left: no timer (an idle engine does not wake up)
  }

  scheduled(task: TickTask): boolean { return task.at !== Infinity; }

  /**
   * While a socket hands over data it left in the kernel: the earliest that data may have
   * arrived (a batcher counts a change's age from it). -1 outside such a read: the data is new.
   */
  heldSince(): number { return this.held; }

  /** Runs `fn` with heldSince() = `since` (-1: data just arrived). */
  handOver<A>(since: number, fn: (a: A) => void, a: A): void {
    const outer = this.held;
    this.held = since;
    try { fn(a); } finally { this.held = outer; }
  }

  private arm(): void {
    let next = Infinity;
    for (const t of this.tasks) if (t.at < next) next = t.at;
    if (next === this.timerAt && this.timer !== null) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = next;
    if (next === Infinity) return;
    this.timer = this.clock.setTimeout(this.fire, Math.max(0, next - this.now()));
  }

  private readonly fire = () => {
    this.timer = null;
    this.timerAt = Infinity;
    const limit = this.now() + EARLY_FIRE_MS;
    const due = this.due;
    for (let i = 0; i < this.tasks.length;) {
      const t = this.tasks[i]!;
      if (t.at <= limit) {
        t.at = Infinity;
        due.push(t);
        this.tasks[i] = this.tasks[this.tasks.length - 1]!;
        this.tasks.pop();
      } else i++;
    }
    // Every due task runs even if one throws; the first error is rethrown after (it is a bug).
    let failure: unknown;
    for (let i = 0; i < due.length; i++) {
      try { due[i]!.run(); } catch (err) { failure ??= err; }
    }
    due.length = 0;
    this.arm();
    if (failure !== undefined) throw failure;
  };
}

let shared: Ticker | undefined;

/**
 * The process's ticker on the system clock: what sockets and streamers use unless handed one,
 * so every connection of every venue and every flush share one timer without wiring. Tests with
 * a fake clock make their own.
 */
export function processTicker(): Ticker {
  shared ??= new Ticker(systemClock);
  return shared;
}
