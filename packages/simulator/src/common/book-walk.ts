// One simulated market's true book and its random walk, for every venue: two sides in integer
// ticks and lots, moved by a seeded walk (fills at the top, cancels anywhere, new orders near the
// touch, the price drifting back towards where it started), never crossed. Each step records the
// ticks it changed, so a venue can send them as a delta in its own wire format. Built on the
// simulator's own Side (not @ob/orderbook): the simulator is the truth the adapters are checked against.
import type { Rng } from '../rng';
import { Side } from '../side';

/** What the walk needs of a market: its starting price and the decimals of its prices and sizes. */
export interface WalkMarket {
  /** Starting mid; the walk reverts towards it. */
  price: number;
  priceDecimals: number;
  sizeDecimals: number;
}

/** A market of the venues whose catalogue needs nothing more (Binance USD-M, OKX). */
export interface WalkSpec extends WalkMarket {
  symbol: string;
  /** Share of the venue's message rate. */
  weight: number;
}

/** Where a venue's books differ. */
export interface WalkShape {
  /** Largest level in quote currency (sizes follow from it and the price), default 100,000. */
  maxNotional?: number;
  /** A tick is this many units of the last price decimal (Bybit's tickSize "0.10" at 2 decimals is 10), default 1. */
  tickUnits?: number;
  /** Never more levels than this on a side (a venue's depth window), default unbounded. */
  maxLevels?: number;
  /** Prices without trailing zeros ("12.30" → "12.3", "12.00" → "12"), as Hyperliquid writes them. */
  trimPrices?: boolean;
}

/** A side keeps at least this many levels, so both always have a best price. */
export const MIN_SIDE_LEVELS = 3;
/** Level counts stay within levels × (1 ± this), and never above maxLevels. */
const BAND = 0.2;
/** How hard the walk pulls back to the anchor (1 % away: 30 % less likely to move further). */
const REVERSION = 30;
/** Level spacing as a fraction of the starting price. */
const SPACING_FRACTION = 2e-5;
const DEFAULT_MAX_NOTIONAL = 100_000;
/** The starting mid is at least this many ticks, so a cheap market still has room to walk. */
const MIN_ANCHOR = 1_000;

/** `v` lots or ticks as a fixed-point decimal with `decimals` places ("1234" → "12.34"). */
function fixed(v: number, decimals: number): string {
  if (decimals === 0) return String(v);
  const pow = 10 ** decimals;
  const int = Math.floor(v / pow);
  return `${int}.${String(v - int * pow).padStart(decimals, '0')}`;
}

export class BookWalk {
  readonly bids = new Side(true);
  readonly asks = new Side(false);
  /** Ticks changed by the last step(), per side (a tick may now be absent: a delete). Reused. */
  readonly changedBids: number[] = [];
  readonly changedAsks: number[] = [];
  private readonly tickUnits: number;
  private readonly trim: boolean;
  private readonly anchor: number;
  private readonly spacing: number;
  private readonly maxLots: number;
  private readonly levels: number;
  private readonly lo: number;
  private readonly hi: number;

  /** `levels` per side at start; counts then stay within ±20 % of it (and at most shape.maxLevels). */
  constructor(readonly spec: WalkMarket, private readonly rng: Rng, levels: number, shape: WalkShape = {}) {
    this.tickUnits = shape.tickUnits ?? 1;
    this.trim = shape.trimPrices ?? false;
    this.anchor = Math.max(MIN_ANCHOR, Math.round(spec.price * 10 ** spec.priceDecimals / this.tickUnits));
    this.spacing = Math.max(1, Math.round(this.anchor * SPACING_FRACTION));
    this.maxLots = Math.max(10, Math.round(((shape.maxNotional ?? DEFAULT_MAX_NOTIONAL) / spec.price) * 10 ** spec.sizeDecimals));
    this.levels = levels;
    const cap = shape.maxLevels ?? Infinity;
    this.hi = Math.max(MIN_SIDE_LEVELS + 1, Math.min(cap, Math.ceil(levels * (1 + BAND))));
    this.lo = Math.max(MIN_SIDE_LEVELS, Math.min(this.hi - 1, Math.floor(levels * (1 - BAND))));
    const start = Math.min(levels, this.hi);
    for (let i = 0, t = this.anchor - this.spacing; i < start && t >= 1; i++, t -= this.gap()) this.set(this.bids, t, false);
    for (let i = 0, t = this.anchor + this.spacing; i < start; i++, t += this.gap()) this.set(this.asks, t, false);
  }

  /** The price of `tick` as the venue writes it. */
  priceOf(tick: number): string {
    const s = fixed(tick * this.tickUnits, this.spec.priceDecimals);
    return this.trim && s.includes('.') ? s.replace(/\.?0+$/, '') : s;
  }

  /** The zero size written with the market's decimals ("0.000"). */
  zero(): string { return fixed(0, this.spec.sizeDecimals); }

  /** The size at `tick` now, or undefined when there is no level. */
  sizeAt(side: Side, tick: number): string | undefined {
    const i = side.find(tick);
    return i >= 0 ? side.sizes[i] : undefined;
  }

  /** `[price, size]` pairs best first, at most `n`. */
  top(side: Side, n = Infinity): [string, string][] {
    return side.levels().slice(0, n);
  }

  /** One venue update: one to five changes, then the level counts put back in their band. */
  step(): void {
    this.changedBids.length = 0;
    this.changedAsks.length = 0;
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

  private gap(): number { return this.spacing * (1 + Math.floor(this.rng() * 2)); }

  private lots(): number { return 1 + Math.floor(this.rng() ** 3 * this.maxLots); }

  private mark(side: Side, tick: number): void {
    const list = side === this.bids ? this.changedBids : this.changedAsks;
    if (!list.includes(tick)) list.push(tick);
  }

  private set(side: Side, tick: number, mark = true): void {
    side.set(tick, this.priceOf(tick), fixed(this.lots(), this.spec.sizeDecimals));
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
      const k = 1 + Math.floor(this.rng() * Math.min(spread - 1, 3 * this.spacing));
      this.set(side, bid ? this.bids.best() + k : this.asks.best() - k);
      return;
    }
    const away = Math.floor(this.rng() * this.levels) * this.spacing + Math.floor(this.rng() * this.spacing);
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
    const pull = Math.max(-0.3, Math.min(0.3, ((mid - this.anchor) / this.anchor) * REVERSION));
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
