// A venue-neutral simulated book: two sides in integer ticks and lots, moved by a seeded random
// walk (fills at the top, cancels anywhere, new orders near the touch, the price drifting back
// towards its anchor), never crossed. Each step records the ticks it touched, so a venue can
// send them as a delta in its own wire format. The venue decides how prices and sizes are spelled.
import type { Rng } from '../rng';
import { Side } from '../side';

/** A side keeps at least this many levels, so both always have a best price. */
export const MIN_SIDE_LEVELS = 3;
/** How hard the walk pulls back to the anchor (1 % away: 30 % less likely to move further). */
const REVERSION = 30;
/** Level counts stay within levels × (1 ± this), and never above maxLevels. */
const BAND = 0.2;

export interface WalkSpec {
  /** Starting mid in ticks. */
  anchor: number;
  /** Typical gap between levels, in ticks. */
  spacing: number;
  /** Largest level size, in lots. */
  maxLots: number;
  /** Levels per side at start. */
  levels: number;
  /** Never more levels than this on a side (a venue's depth window), default unbounded. */
  maxLevels?: number;
}

export interface Spelling {
  price(tick: number): string;
  size(lots: number): string;
}

export class BookWalk {
  readonly bids = new Side(true);
  readonly asks = new Side(false);
  /** Ticks changed by the last step(), per side (a tick may now be absent: a delete). */
  readonly touchedBids: number[] = [];
  readonly touchedAsks: number[] = [];
  private readonly lo: number;
  private readonly hi: number;

  constructor(private readonly spec: WalkSpec, private readonly rng: Rng, private readonly spell: Spelling) {
    const cap = spec.maxLevels ?? Infinity;
    this.hi = Math.max(MIN_SIDE_LEVELS + 1, Math.min(cap, Math.ceil(spec.levels * (1 + BAND))));
    this.lo = Math.max(MIN_SIDE_LEVELS, Math.min(this.hi - 1, Math.floor(spec.levels * (1 - BAND))));
    const start = Math.min(spec.levels, this.hi);
    for (let i = 0, t = spec.anchor - spec.spacing; i < start && t >= 1; i++, t -= this.gap()) this.set(this.bids, t, false);
    for (let i = 0, t = spec.anchor + spec.spacing; i < start; i++, t += this.gap()) this.set(this.asks, t, false);
  }

  /** One venue update: one to five changes, then the level counts put back in their band. */
  step(): void {
    this.touchedBids.length = 0;
    this.touchedAsks.length = 0;
    const rng = this.rng;
    const ops = rng() < 0.3 ? 2 + Math.floor(rng() * 4) : 1;
    for (let k = 0; k < ops; k++) {
      const side = rng() < 0.5 ? this.bids : this.asks;
      const r = rng();
      if (r < 0.08) this.drift();
      else if (r < 0.5) this.resize(side);
      else if (r < 0.76) this.insert(side);
      else this.cancel(side);
    }
    this.band(this.bids);
    this.band(this.asks);
  }

  /** `[price, size]` pairs best first, at most `n`. */
  top(side: Side, n = Infinity): [string, string][] {
    return side.levels().slice(0, n);
  }

  private gap(): number { return this.spec.spacing * (1 + Math.floor(this.rng() * 2)); }

  private lots(): number { return 1 + Math.floor(this.rng() ** 3 * this.spec.maxLots); }

  private mark(side: Side, tick: number): void {
    const list = side === this.bids ? this.touchedBids : this.touchedAsks;
    if (!list.includes(tick)) list.push(tick);
  }

  private set(side: Side, tick: number, mark = true): void {
    side.set(tick, this.spell.price(tick), this.spell.size(this.lots()));
    if (mark) this.mark(side, tick);
  }

  private removeAt(side: Side, i: number): void {
    this.mark(side, side.ticks[i]!);
    side.removeAt(i);
  }

  private resize(side: Side): void {
    this.set(side, side.ticks[Math.floor(this.rng() ** 2 * side.length)]!);
  }

  /** A new level near the touch, sometimes inside the spread; never crossing. */
  private insert(side: Side): void {
    const bid = side === this.bids;
    const spread = this.asks.best() - this.bids.best();
    if (spread > 1 && this.rng() < 0.2) {
      const k = 1 + Math.floor(this.rng() * Math.min(spread - 1, 3 * this.spec.spacing));
      this.set(side, bid ? this.bids.best() + k : this.asks.best() - k);
      return;
    }
    const away = Math.floor(this.rng() * this.spec.levels) * this.spec.spacing + Math.floor(this.rng() * this.spec.spacing);
    const tick = bid ? this.bids.best() - away : this.asks.best() + away;
    if (tick >= 1) this.set(side, tick);
  }

  /** Fills take the top levels more often than cancels deeper in the book. */
  private cancel(side: Side): void {
    if (side.length <= MIN_SIDE_LEVELS) return;
    const r = this.rng();
    this.removeAt(side, r < 0.5 ? Math.floor(r * 2 * Math.min(side.length, 5)) : Math.floor(this.rng() * side.length));
  }

  /** The price moves: one side's best level is taken and the same price is quoted on the other side. */
  private drift(): void {
    const mid = (this.bids.best() + this.asks.best()) / 2;
    const pull = Math.max(-0.3, Math.min(0.3, ((mid - this.spec.anchor) / this.spec.anchor) * REVERSION));
    const up = this.rng() < 0.5 - pull;
    const from = up ? this.asks : this.bids;
    if (from.length <= MIN_SIDE_LEVELS) return;
    const tick = from.ticks[0]!;
    this.removeAt(from, 0);
    this.set(up ? this.bids : this.asks, tick); // cannot cross: `from`'s next level is beyond tick
  }

  /** Trims the deepest levels past the band's top, or adds levels beyond the deepest one. */
  private band(side: Side): void {
    while (side.length > this.hi) this.removeAt(side, side.length - 1);
    for (let k = 0; side.length < this.lo && k < this.lo; k++) {
      const tick = side === this.bids ? side.worst() - this.gap() : side.worst() + this.gap();
      if (tick >= 1) this.set(side, tick);
    }
  }
}

/** `v` lots or ticks as a fixed-point decimal with `decimals` places ("1234" → "12.34"). */
export function fixed(v: number, decimals: number): string {
  if (decimals === 0) return String(v);
  const pow = 10 ** decimals;
  const int = Math.floor(v / pow);
  return `${int}.${String(v - int * pow).padStart(decimals, '0')}`;
}

/** fixed() without trailing zeros ("12.30" → "12.3", "12.00" → "12"), as Hyperliquid spells prices. */
export function trimmed(v: number, decimals: number): string {
  const s = fixed(v, decimals);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
