// One timer for the engine's waits: the sockets that leave what arrived in the kernel
// (packages/feeds/src/ws/socket-reads.ts) and the batcher's flushes. At the seed's load waking
// the process costs far more than the work a wake-up does (a frame is ~2 µs, a wake-up 30-100 µs
// of CPU on this VM, measured), so a socket holding data is read when a flush needs it: the
// flush first reads every held socket (readHeld), then writes, all in one wake-up. The batcher
// knows when the oldest held data may have arrived (earliestHold) and flushes by that time plus
// its interval, so the wait in the kernel is counted inside the interval. `readDelayMs()` is the
// longest a socket holds when no flush comes for it (a backstop).
//
// The read delay is asked for by whoever bounds staleness (each streamer, from its batch
// interval); the smallest request wins, so one engine's long interval never delays another's
// reads, and with no request (a feed on its own) reads happen at once. The busy streams' checks
// (scheduleOnGrid) share a grid of that step, so they cost one wake-up whatever their number.
import { systemClock, type Clock } from './runtime';

/** A timer may fire this much before its time by the clock's reading (Node rounds to whole ms). */
const EARLY_FIRE_MS = 1;

/** A unit of work the ticker runs once per schedule; reuse it (no allocation per wait). */
export interface TickTask {
  readonly run: () => void;
  /** When it runs; Infinity when not scheduled. */
  at: number;
  /** Scheduled on the grid or as a hold (a read), which a shorter read delay pulls in. */
  onGrid: boolean;
  /** A hold (scheduleHold): since when its socket has left data in the kernel; -1 otherwise. */
  heldSince: number;
}

export const tickTask = (run: () => void): TickTask => ({ run, at: Infinity, onGrid: false, heldSince: -1 });

export class Ticker {
  private readonly tasks: TickTask[] = [];
  private readonly due: TickTask[] = [];
  private timer: unknown = null;
  private timerAt = Infinity;
  private readonly requests = new Map<object, number>();
  private delay = 0;
  /** See heldSince(). */
  private held = -1;
  /** See turn(). */
  private turns = 0;
  private turnEnding = false;

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

  /**
   * A socket leaves what arrives from `since` on in the kernel; `task` reads it again. It runs
   * at the next readHeld() (a flush), or the read delay after `since` if none comes first, or
   * within `maxMs` (a busy stream): such shorter holds end on a grid of a power of two ms at
   * most a quarter as long, so busy sockets of similar rates share their wake-ups.
   */
  scheduleHold(task: TickTask, since: number, maxMs = Infinity): void {
    let at = since + this.delay;
    if (maxMs < this.delay) {
      const step = 2 ** Math.floor(Math.log2(Math.max(1, maxMs / 4)));
      at = Math.max(since, Math.floor((since + maxMs) / step) * step);
    }
    this.put(task, at, true);
    task.heldSince = since;
  }

  /** Since when the longest-held socket has left data in the kernel; Infinity when none holds. */
  earliestHold(): number {
    let t = Infinity;
    for (const task of this.tasks) if (task.heldSince >= 0 && task.heldSince < t) t = task.heldSince;
    return t;
  }

  /**
   * Reads every held socket now and calls `then` once what they held has been handed over (the
   * reads land in this turn of the event loop; `then` runs at its end): a flush writes the
   * books with all that data applied. With nothing held, `then` runs at once.
   */
  readHeld(then: () => void): void {
    const held: TickTask[] = []; // not this.due: a flush runs this from within fire()
    for (let i = 0; i < this.tasks.length;) {
      const t = this.tasks[i]!;
      if (t.heldSince >= 0) {
        this.take(i);
        held.push(t);
      } else i++;
    }
    // Sockets restarted earlier in this turn (a hold due at the same time) are read in it too.
    if (held.length === 0 && !this.turnEnding) { then(); return; }
    setImmediate(then);
    const failure = runAll(held);
    this.arm();
    if (failure !== undefined) throw failure;
  }

  /**
   * Counts the event loop's turns in which held sockets were restarted: a read in the same turn
   * as its restart is of held data, a later one of data that arrived after it. Restarts run from
   * the ticker's timer, before the turn's reads.
   */
  turn(): number { return this.turns; }

  private put(task: TickTask, at: number, onGrid: boolean): void {
    if (task.at === Infinity) this.tasks.push(task);
    task.at = at;
    task.onGrid = onGrid;
    task.heldSince = -1;
    if (at < this.timerAt) this.arm();
  }

  /** Removes tasks[i] (order does not matter) and marks it unscheduled. */
  private take(i: number): void {
    const t = this.tasks[i]!;
    t.at = Infinity;
    if (t.heldSince >= 0) this.endTurnSoon();
    t.heldSince = -1;
    this.tasks[i] = this.tasks[this.tasks.length - 1]!;
    this.tasks.pop();
  }

  private endTurnSoon(): void {
    if (this.turnEnding) return;
    this.turnEnding = true;
    setImmediate(this.endTurn);
  }

  private readonly endTurn = () => {
    this.turnEnding = false;
    this.turns++;
  };

  cancel(task: TickTask): void {
    if (task.at === Infinity) return;
    task.at = Infinity;
    task.heldSince = -1;
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
        this.take(i);
        due.push(t);
      } else i++;
    }
    const failure = runAll(due);
    due.length = 0;
    this.arm();
    if (failure !== undefined) throw failure;
  };
}

/** Runs every task even if one throws; returns the first error (to rethrow after: it is a bug). */
function runAll(tasks: readonly TickTask[]): unknown {
  let failure: unknown;
  for (let i = 0; i < tasks.length; i++) {
    try { tasks[i]!.run(); } catch (err) { failure ??= err; }
  }
  return failure;
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
