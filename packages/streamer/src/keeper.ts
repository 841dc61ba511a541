// Keeps every valid book present in Redis. Keys carry EX ttlSeconds so that a dead streamer's
// books vanish; but a quiet market's key is only rewritten on a change, so it vanished too while
// the streamer lived. The keeper sets the expiry again (EXPIRE, measured far cheaper than a
// rewrite: BENCHMARKS.md) on each key last confirmed a third of its TTL ago, so a live key keeps
// at least half its TTL. EXPIRE answering 0 means the key is gone (Redis restarted empty,
// FLUSHALL, an eviction): that book is rewritten. Only keys that hold the book the streamer
// would write are kept: a market whose writes fail (pending) is left to expire, as is one whose
// book is no longer trusted (a gap), so the TTL still says "nobody is keeping this".
import type { LiveSettings } from '@ob/protocol';
import { PENDING, type MarketState } from './market-state';
import type { Clock, SinkKey, SnapshotSink } from './types';

/** A key is refreshed once this share of its TTL has passed since Redis last confirmed it. */
export const KEEP_AFTER_SHARE = 1 / 3;
/** The keeper looks this often (share of the TTL), so a key is refreshed by half its TTL at the latest. */
export const KEEP_CHECK_SHARE = 1 / 6;
export const MIN_KEEP_CHECK_MS = 100;
/** EXPIREs per pipeline. */
export const MAX_KEYS_PER_REFRESH = 1000;

export interface KeeperObserver {
  /** Keys whose expiry was set again. */
  refreshed(count: number): void;
  /** Keys found gone; their books are being rewritten. */
  lost(symbols: readonly string[]): void;
  failed(err: unknown): void;
}

export class Keeper {
  private timer: unknown = null;
  private running = false;
  private again = false;
  private stopped = true;
  /** Refresh every confirmed key at the next look, however recent: the TTL was changed. */
  private all = false;

  constructor(
    private readonly deps: {
      clock: Clock; sink: SnapshotSink; settings: () => LiveSettings;
      markets: () => readonly MarketState[]; rewrite: (m: MarketState) => void; observer: KeeperObserver;
    },
  ) {}

  start(): void {
    this.stopped = false;
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.disarm();
  }

  /** ttlSeconds changed: keys written with the old one get the new one now (a shorter TTL must not outlive the check period). */
  ttlChanged(): void {
    this.all = true;
    this.runNow();
  }

  /** Look now (after a reconnection: were the keys kept?). */
  runNow(): void {
    if (this.stopped) return;
    this.disarm();
    void this.tick();
  }

  private periodMs(s: LiveSettings): number {
    return Math.max(MIN_KEEP_CHECK_MS, s.ttlSeconds * 1000 * KEEP_CHECK_SHARE);
  }

  private arm(): void {
    if (this.stopped || this.timer !== null) return;
    this.timer = this.deps.clock.setTimeout(() => { this.timer = null; void this.tick(); }, this.periodMs(this.deps.settings()));
  }

  private disarm(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    if (this.running) { this.again = true; return; }
    this.running = true;
    const { clock, sink, observer } = this.deps;
    try {
      const s = this.deps.settings();
      const now = clock.now();
      const olderThan = this.all ? Infinity : now - s.ttlSeconds * 1000 * KEEP_AFTER_SHARE;
      this.all = false;
      const due = this.deps.markets().filter((m) => m.valid && m.state !== PENDING && m.confirmedTs > 0 && m.confirmedTs <= olderThan);
      if (due.length === 0) return;
      if (!sink.refresh) { for (const m of due) this.deps.rewrite(m); return; }
      for (let i = 0; i < due.length; i += MAX_KEYS_PER_REFRESH) {
        const part = due.slice(i, i + MAX_KEYS_PER_REFRESH);
        const keys: SinkKey[] = part.map((m) => ({ symbol: m.symbol, compressed: m.writtenCompressed }));
        const found = await sink.refresh(keys, s.ttlSeconds);
        const ackTs = clock.now();
        const lost: MarketState[] = [];
        part.forEach((m, j) => { if (found[j]) m.confirmedTs = Math.max(m.confirmedTs, ackTs); else lost.push(m); });
        if (part.length > lost.length) observer.refreshed(part.length - lost.length);
        if (lost.length > 0) {
          for (const m of lost) this.deps.rewrite(m);
          observer.lost(lost.map((m) => m.symbol));
        }
      }
    } catch (err) {
      observer.failed(err);
    } finally {
      this.running = false;
      if (this.again) { this.again = false; void this.tick(); } else this.arm();
    }
  }
}
