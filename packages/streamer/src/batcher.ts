// Coalesces changes into flushes. A changed market is queued once; the queue is flushed so that
// its oldest entry is acked by Redis batchIntervalMs after it changed (the flush starts early by
// the lead, learned from recent flushes), or at once when maxBatchSize markets are queued.
// One flush at a time: a market that changes while its write is in flight is queued again and
// written by the next flush, so writes of one market reach Redis in order.
//
// Wake-ups, not work, are most of the CPU at a few thousand msg/s (30-100 µs of CPU each on a
// VM, measured, against ~2 µs a frame). The feed's sockets leave what arrives in the kernel
// (@ob/core ticker.ts, ws/socket-reads.ts) and a flush reads them all first, then writes, in
// one wake-up: the batcher flushes by the time the oldest held data may have arrived
// (ticker.earliestHold()) plus the interval, so the wait in the kernel is inside batchIntervalMs,
// and a change read from held data counts its age from then (ticker.heldSince()). Between
// flushes the sockets are not read at all, however many frames arrive.
//
// Feeds whose reads are not held announce them (wake()): a flush due within a small slack of
// a read starts right after it, sharing the read's wake-up; the timer stays as the backstop.
import { gzipSync } from 'node:zlib';
import { tickTask, type Ticker } from '@ob/core';
import type { LiveSettings } from '@ob/protocol';
import { FlushLead } from './flush-lead';
import { HELD, IDLE, PENDING, type MarketState } from './market-state';
import { isCrossed, SnapshotEncoder } from './snapshot-bytes';
import { SinkWriteError } from './sink-error';
import { streamEntry } from './stream-entry';
import { depthFor } from './settings';
import type { Clock, Logger, SinkRecord, SnapshotSink, StreamEntry } from './types';

/** After a failed flush, retry after this long, doubling up to the cap. */
export const RETRY_BASE_MS = 50;
export const RETRY_MAX_MS = 500;
/** A write the sink never settles counts as failed after this, so a hung sink cannot stall the engine. */
export const WRITE_TIMEOUT_MS = 10_000;
/**
 * The lead (how early a flush starts before its deadline) never exceeds this share of the
 * interval, so batching stays batching however slow Redis gets.
 */
export const MAX_LEAD_SHARE = 0.5;
/**
 * A flush may start this share of the interval (at most MAX_WAKE_SLACK_MS) before or after its
 * due time, to share a wake-up with a socket read (wake()). A market can so be in Redis up to
 * the slack later than batchIntervalMs after its first change, when no frame comes to wake us.
 */
export const WAKE_SLACK_SHARE = 0.03;
export const MAX_WAKE_SLACK_MS = 3;

export interface FlushObserver {
  /** A market's snapshot was acked by Redis; firstChangeTs → ackTs is its staleness. */
  written(m: MarketState, firstChangeTs: number, ackTs: number): void;
  /** One flush (all its pipelines) finished. */
  flushed(symbols: readonly string[], pipelines: number, durationMs: number): void;
  skippedSelective(): void;
  /** A change-stream entry was acked with its market's snapshot. */
  streamed(): void;
  failed(err: unknown): void;
  /** The flush timer ran this many ms after its time (event-loop lag). */
  timerLate(ms: number): void;
}

interface InFlight { m: MarketState; firstChangeTs: number; bid: number; ask: number; snapshot: Buffer | undefined; depth: number; compressed: boolean; stream: StreamEntry | undefined }

export class Batcher {
  private queue: MarketState[] = [];
  private held: MarketState[] = [];
  private readonly timer = tickTask(() => this.onTimer());
  /** When the armed timer's run is due, on the precise clock: its lateness is the event-loop lag. */
  private timerDuePrecise = 0;
  /** When the armed flush is due, and when its timer fires (later by the slack, for interval flushes). */
  private dueAt = Infinity;
  private timerAt = Infinity;
  /** The feed announces its reads (wake()): only then is there a wake-up to wait for. */
  private wakes = false;
  private flushing: Promise<void> | null = null;
  /** The flush's timer fired and the held sockets are being read: the flush starts once they are. */
  private reading = false;
  /** Markets in pipelines sent and not yet settled (acked or failed). */
  private inFlight = 0;
  private retryMs = 0;
  private stopped = false;
  /**
   * How long before a deadline the flush timer fires, so that a snapshot is in Redis by its
   * deadline instead of a flush's time after it (flush-lead.ts).
   */
  private readonly lead = new FlushLead();
  /**
   * When the running flush was meant to start: its timer's time (it may fire late), or the read
   * that started it. Its ack minus this trains the lead (the slack is not part of the lead).
   */
  private flushDueAt = 0;
  private readonly encoder: SnapshotEncoder;

  constructor(
    private readonly deps: {
      clock: Clock; sink: SnapshotSink; log: Logger; venueJson: string;
      settings: () => LiveSettings; observer: FlushObserver;
      /** Runs the flush timer and says how old a read's data is; on the same clock as `clock`. */
      ticker: Ticker;
    },
  ) {
    this.encoder = new SnapshotEncoder(deps.venueJson);
  }

  /** Markets waiting to be written (queued or held by selective updates). */
  pendingCount(): number {
    return this.queue.length + this.held.filter((m) => m.state === HELD).length;
  }

  /** Markets whose last change Redis has not acked: pending, held or in a write not yet answered. */
  unwrittenCount(): number {
    return this.pendingCount() + this.inFlight;
  }

  /** The market's key is gone from Redis (or Redis is another server now): write it at the next flush, selective updates or not. */
  rewrite(m: MarketState): void {
    if (!m.valid) return;
    m.mustWrite = true;
    if (m.state === HELD) { m.state = IDLE; removeFrom(this.held, m); }
    this.touch(m);
  }

  /** Hot path: a valid market's book changed. */
  touch(m: MarketState): void {
    if (m.state === PENDING) return;
    const now = this.deps.clock.now();
    // Data the socket left in the kernel may have arrived as early as heldSince(): age counts from there.
    const held = this.deps.ticker.heldSince();
    const arrived = held >= 0 && held < now ? held : now;
    if (m.state === IDLE) m.firstChangeTs = arrived; // a HELD market keeps its first unwritten change
    m.queuedTs = arrived;
    m.state = PENDING;
    this.queue.push(m);
    // While retrying, new changes wait for the retry: a failing Redis is not hit once per change.
    if (this.retryMs) { this.arm(this.retryMs); return; }
    const s = this.deps.settings();
    if (this.queue.length >= s.maxBatchSize) this.arm(0);
    else this.arm(Math.min(m.queuedTs + s.batchIntervalMs, m.firstChangeTs + s.maxStalenessMs) - now - this.leadMs(s), this.slackMs(s));
  }

  /**
   * The feed has handed over what one socket read carried. With sockets holding data since: the
   * flush is armed for it. Else a flush due within the slack starts now.
   */
  wake(): void {
    this.wakes = true;
    if (this.flushing || this.stopped || this.reading) return;
    const s = this.deps.settings();
    if (this.armForHolds(s) || !this.deps.ticker.scheduled(this.timer)) return;
    const now = this.deps.clock.now();
    if (now < this.dueAt - this.slackMs(s)) return;
    this.deps.ticker.cancel(this.timer);
    this.dueAt = this.timerAt = Infinity;
    this.flushDueAt = now;
    void this.runFlush(false);
  }

  /**
   * Sockets hold data that may have arrived since ticker.earliestHold(): a flush (which reads it
   * first) is due by then plus the interval. False when nothing is held.
   */
  private armForHolds(s: LiveSettings): boolean {
    const held = this.deps.ticker.earliestHold();
    if (held === Infinity) return false;
    // While retrying, the retry's flush reads them too: a failing Redis is not hit sooner.
    if (!this.retryMs) this.arm(held + s.batchIntervalMs - this.deps.clock.now() - this.leadMs(s));
    return true;
  }

  private preciseNow(): number {
    const c = this.deps.clock;
    return c.preciseNow ? c.preciseNow() : c.now();
  }

  /** No slack while sockets hold data: no read comes before the flush reads them. */
  private slackMs(s: LiveSettings): number {
    return this.wakes && this.deps.ticker.earliestHold() === Infinity ? Math.min(MAX_WAKE_SLACK_MS, s.batchIntervalMs * WAKE_SLACK_SHARE) : 0;
  }

  /** The market's book can no longer be trusted: drop any unwritten change. */
  drop(m: MarketState): void {
    m.state = IDLE;
    // Removed now (gaps are rare; the arrays hold at most the markets) so a re-snapshot is not queued twice.
    removeFrom(this.queue, m);
    removeFrom(this.held, m);
  }

  /** Settings changed: re-arm for the new interval. */
  reschedule(): void {
    this.dueAt = this.timerAt = Infinity;
    this.deps.ticker.cancel(this.timer);
    this.armNext();
  }

  /** Writes everything pending (selective updates ignored) and waits for it; for shutdown. */
  async drain(): Promise<void> {
    this.stopped = true;
    this.deps.ticker.cancel(this.timer);
    this.dueAt = this.timerAt = Infinity;
    while (this.flushing) await this.flushing;
    for (const m of this.held) if (m.state === HELD) { m.state = PENDING; this.queue.push(m); }
    this.held = [];
    if (this.queue.length) await this.runFlush(true);
  }

  /** A flush due in `inMs`; its timer fires `slackMs` after that (a read may start it in between). */
  private arm(inMs: number, slackMs = 0): void {
    if (this.stopped || this.reading) return; // a flush is starting: it re-arms when it ends
    const wait = Math.max(0, inMs);
    const at = this.deps.clock.now() + wait;
    if (at >= this.dueAt) return;
    this.dueAt = at;
    this.timerAt = at + slackMs;
    this.timerDuePrecise = this.preciseNow() + wait + slackMs;
    this.deps.ticker.schedule(this.timer, this.timerAt);
  }

  private armNext(): void {
    const s = this.deps.settings();
    const now = this.deps.clock.now();
    let due = Infinity;
    for (const m of this.queue) {
      if (m.state === PENDING) due = Math.min(due, m.queuedTs + s.batchIntervalMs, m.firstChangeTs + s.maxStalenessMs);
    }
    // Held markets wait for maxStalenessMs, or for the interval once selective updates are off.
    const selective = s.minChangeBps > 0;
    for (const m of this.held) {
      if (m.state === HELD) due = Math.min(due, selective ? m.firstChangeTs + s.maxStalenessMs : m.queuedTs + s.batchIntervalMs);
    }
    if (due === Infinity) {
      this.retryMs = 0;
      this.armForHolds(s);
      return; // nothing pending or held: no timer (an idle engine does not wake up)
    }
    if (this.retryMs) { this.arm(this.retryMs); return; }
    if (this.queue.length >= s.maxBatchSize) { this.arm(0); return; }
    this.arm(due - now - this.leadMs(s), this.slackMs(s));
    this.armForHolds(s);
  }

  private onTimer(): void {
    const firedFor = this.timerAt;
    this.deps.observer.timerLate(Math.max(0, this.preciseNow() - this.timerDuePrecise));
    this.dueAt = this.timerAt = Infinity;
    if (this.flushing || this.reading) return; // the running flush re-arms when it ends
    // What the sockets hold is read first, in this wake-up: the flush writes the books with it applied.
    this.reading = true;
    this.deps.ticker.readHeld(() => {
      this.reading = false;
      if (this.stopped || this.flushing) return; // drain() flushes
      this.flushDueAt = firedFor;
      void this.runFlush(false);
    });
  }

  private runFlush(force: boolean): Promise<void> {
    const p = this.flush(force).catch((err: unknown) => {
      this.deps.log.error({ err }, 'flush failed unexpectedly');
    }).finally(() => {
      this.flushing = null;
      if (!this.stopped) this.armNext();
    });
    this.flushing = p;
    return p;
  }

  /** Picks what is due, builds the snapshots and sends them in pipelines of at most maxBatchSize. */
  private async flush(force: boolean): Promise<void> {
    const { clock, sink, observer } = this.deps;
    const s = this.deps.settings();
    const now = clock.now();
    const due = this.collectDue(s, now, force);
    if (due.length === 0) { this.retryMs = 0; return; }

    const started = clock.now();
    const chunks: Promise<void>[] = [];
    const symbols: string[] = []; // of acked pipelines only: onFlush listeners read these books as written
    let pipelines = 0; // that landed, whole or in part
    for (let i = 0; i < due.length; i += s.maxBatchSize) {
      const part = due.slice(i, i + s.maxBatchSize);
      const records: SinkRecord[] = part.map((f) => {
        const { m } = f;
        f.depth = depthFor(s, m.symbol);
        const snapshot = this.encoder.encode(m, f.depth, now, isCrossed(f.bid, f.ask));
        f.snapshot = snapshot; // kept so what was written can be shown as written
        const record: SinkRecord = s.compression === 'gzip'
          ? { symbol: m.symbol, value: gzipSync(snapshot), compressed: true }
          : { symbol: m.symbol, value: snapshot, compressed: false };
        f.compressed = record.compressed;
        if (s.stream !== 'off') record.stream = f.stream = streamEntry(s, m, record, this.encoder, now);
        return record;
      });
      let landed = 0;
      this.inFlight += part.length;
      chunks.push(withTimeout(clock, callWrite(sink, records, s.ttlSeconds), WRITE_TIMEOUT_MS).then(
        () => { this.inFlight -= part.length; this.acked(part); for (const f of part) symbols.push(f.m.symbol); landed = 1; },
        (err) => {
          this.inFlight -= part.length;
          // Some records landed (Redis refused the others): those are written, only the refused stay pending.
          if (err instanceof SinkWriteError && err.total === part.length && err.failed.length < part.length) {
            const refused = new Set(err.failed);
            const ok = part.filter((_, j) => !refused.has(j));
            this.acked(ok);
            for (const f of ok) symbols.push(f.m.symbol);
            this.requeue(part.filter((_, j) => refused.has(j)));
            landed = 1;
          } else this.requeue(part);
          throw err;
        },
      ).finally(() => { pipelines += landed; }));
    }
    const results = await Promise.allSettled(chunks);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    for (const f of failures) observer.failed(f.reason);
    this.retryMs = failures.length ? Math.min(RETRY_MAX_MS, this.retryMs ? this.retryMs * 2 : RETRY_BASE_MS) : 0;
    const ended = clock.now();
    if (pipelines > 0) observer.flushed(symbols, pipelines, ended - started);
    if (failures.length === 0 && !force) this.lead.record(ended - this.flushDueAt);
  }

  private leadMs(s: LiveSettings): number {
    return this.lead.ms(s.batchIntervalMs * MAX_LEAD_SHARE);
  }

  private collectDue(s: LiveSettings, now: number, force: boolean): InFlight[] {
    const selective = s.minChangeBps > 0 && !force;
    const leadMs = this.leadMs(s);
    const due: InFlight[] = [];
    const stillHeld: MarketState[] = [];
    const consider = (m: MarketState) => {
      const bid = m.book.bestBid();
      const ask = m.book.bestAsk();
      // The lead applies to this deadline too: the timer fired that much early for it.
      if (selective && !m.mustWrite && !moved(m, bid, ask, s.minChangeBps) && now - m.firstChangeTs < s.maxStalenessMs - leadMs) {
        if (m.state !== HELD) { m.state = HELD; this.deps.observer.skippedSelective(); }
        stillHeld.push(m);
        return;
      }
      due.push({ m, firstChangeTs: m.firstChangeTs, bid, ask, snapshot: undefined, depth: 0, compressed: false, stream: undefined });
      m.state = IDLE;
      m.mustWrite = false;
    };
    for (const m of this.held) if (m.state === HELD) consider(m);
    for (const m of this.queue) if (m.state === PENDING && m.valid) consider(m);
    this.queue = [];
    this.held = stillHeld;
    return due;
  }

  private acked(part: InFlight[]): void {
    const ackTs = this.deps.clock.now();
    for (const f of part) {
      f.m.writtenBid = f.bid;
      f.m.writtenAsk = f.ask;
      if (f.snapshot) this.encoder.acked(f.m, f.snapshot);
      f.m.writtenDepth = f.depth;
      f.m.writtenCompressed = f.compressed;
      f.m.confirmedTs = ackTs;
      f.m.lastWriteCrossed = isCrossed(f.bid, f.ask);
      if (f.m.lastWriteCrossed) f.m.crossedWrites++;
      if (f.stream) { f.m.streamedTop = f.stream.top; this.deps.observer.streamed(); }
      this.deps.observer.written(f.m, f.firstChangeTs, ackTs);
    }
  }

  /** A failed write loses nothing: the market goes back to pending with its original first change. */
  private requeue(part: InFlight[]): void {
    for (const { m, firstChangeTs } of part) {
      if (!m.valid) continue;
      if (m.state === PENDING) { m.firstChangeTs = Math.min(m.firstChangeTs, firstChangeTs); continue; }
      if (m.state === HELD) m.state = IDLE;
      m.state = PENDING;
      m.firstChangeTs = firstChangeTs;
      m.queuedTs = firstChangeTs;
      this.queue.push(m);
    }
  }
}

function removeFrom(list: MarketState[], m: MarketState): void {
  for (let i = list.indexOf(m); i !== -1; i = list.indexOf(m, i)) list.splice(i, 1);
}

function callWrite(sink: SnapshotSink, records: SinkRecord[], ttlSeconds: number): Promise<void> {
  try {
    return sink.write(records, ttlSeconds);
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Rejects when `p` has not settled after `ms` on `clock` (a sink that throws synchronously rejects too). */
function withTimeout<T>(clock: Clock, p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(() => reject(new Error(`sink write not settled after ${ms} ms`)), ms);
    p.then((v) => { clock.clearTimeout(timer); resolve(v); }, (e: unknown) => { clock.clearTimeout(timer); reject(e); });
  });
}

/** Whether best bid or ask moved at least `bps` basis points since the last written snapshot. */
function moved(m: MarketState, bid: number, ask: number, bps: number): boolean {
  if (!(m.writtenBid > 0) || !(m.writtenAsk > 0)) return true;
  if (Number.isNaN(bid) !== Number.isNaN(m.writtenBid) || Number.isNaN(ask) !== Number.isNaN(m.writtenAsk)) return true;
  const threshold = bps / 10_000;
  return Math.abs(bid - m.writtenBid) >= threshold * m.writtenBid || Math.abs(ask - m.writtenAsk) >= threshold * m.writtenAsk;
}
