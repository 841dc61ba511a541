// One simulated market's true book and its random walk, for the venues whose frames carry
// `[price, size]` levels (Binance USD-M, OKX). Each step changes a few levels and reports them;
// the venue modules turn that into their own frames. Built on the simulator's own Side (not
// @ob/orderbook): the simulator is the truth the adapters are checked against.
import type { Rng } from '../rng';
import { Side } from '../side';

export interface WalkSpec {
  symbol: string;
  /** Starting mid; the walk reverts towards it. */
  price: number;
  priceDecimals: number;
  sizeDecimals: number;
  /** Share of the venue's message rate. */
  weight: number;
}

/** A side never shrinks below this, so both sides always have a best level. */
export const MIN_LEVELS = 3;
/** Level spacing as a fraction of the starting price. */
const SPACING = 2e-5;
/** Largest level in quote currency: sizes follow from it and the price. */
const MAX_NOTIONAL = 100_000;

const fixed = (v: number, decimals: number, pow: number): string => {
  if (decimals === 0) return String(v);
  const int = Math.floor(v / pow);
  return `${int}.${String(v - int * pow).padStart(decimals, '0')}`;
};

export class BookWalk {
  readonly bids = new Side(true);
  readonly asks = new Side(false);
  /** Ticks changed by the last step(), per side (reused). */
  readonly changedBids: number[] = [];
  readonly changedAsks: number[] = [];
  private readonly pricePow: number;
  private readonly sizePow: number;
  private readonly anchor: number;
  private readonly spacing: number;
  private readonly maxLots: number;
  private readonly lo: number;
  private readonly hi: number;

  constructor(readonly spec: WalkSpec, private readonly rng: Rng, levels: number) {
    this.pricePow = 10 ** spec.priceDecimals;
    this.sizePow = 10 ** spec.sizeDecimals;
    this.anchor = Math.max(1_000, Math.round(spec.price * this.pricePow));
    this.spacing = Math.max(1, Math.round(this.anchor * SPACING));
    this.maxLots = Math.max(10, Math.round((MAX_NOTIONAL / (this.anchor / this.pricePow)) * this.sizePow));
    this.lo = Math.max(MIN_LEVELS + 1, Math.floor(levels * 0.8));
    this.hi = Math.max(this.lo + 1, Math.ceil(levels * 1.2));
    for (let i = 0, t = this.anchor - this.spacing; i < levels && t > 0; i++, t -= this.spacing * (1 + Math.floor(rng() * 2))) this.set(this.bids, t);
    for (let i = 0, t = this.anchor + this.spacing; i < levels; i++, t += this.spacing * (1 + Math.floor(rng() * 2))) this.set(this.asks, t);
    this.changedBids.length = 0;
    this.changedAsks.length = 0;
  }

  priceOf(tick: number): string { return fixed(tick, this.spec.priceDecimals, this.pricePow); }
  /** The zero size written with the market's decimals ("0.000"). */
  zero(): string { return fixed(0, this.spec.sizeDecimals, this.sizePow); }

  /** A few changes: resizes, inserts near the top, removals, and now and then a trade through the best level. */
  step(): void {
    this.changedBids.length = 0;
    this.changedAsks.length = 0;
    const ops = this.rng() < 0.3 ? 2 + Math.floor(this.rng() * 3) : 1;
    for (let k = 0; k < ops; k++) {
      const r = this.rng();
      const side = this.rng() < 0.5 ? this.bids : this.asks;
      if (r < 0.08) this.tradeThrough();
      else if (r < 0.5) this.set(side, side.ticks[Math.floor(this.rng() ** 2 * side.length)]!);
      else if (r < 0.75) this.insert(side);
      else if (side.length > MIN_LEVELS) this.remove(side, Math.floor(this.rng() * side.length));
    }
    for (const side of [this.bids, this.asks]) {
      while (side.length > this.hi) this.remove(side, side.length - 1);
      const step = this.spacing * (1 + Math.floor(this.rng() * 2));
      for (let n = 0; side.length < this.lo && n < this.lo; n++) {
        const t = side === this.bids ? side.worst() - step * (n + 1) : side.worst() + step * (n + 1);
        if (t >= 1) this.set(side, t);
      }
    }
  }

  /** The level at `tick` now: its size, or undefined when gone. */
  sizeAt(side: Side, tick: number): string | undefined {
    const i = side.find(tick);
    return i >= 0 ? side.sizes[i] : undefined;
  }

  private touch(side: Side, tick: number): void {
    const list = side === this.bids ? this.changedBids : this.changedAsks;
    if (!list.includes(tick)) list.push(tick);
  }

  private set(side: Side, tick: number): void {
    side.set(tick, this.priceOf(tick), fixed(1 + Math.floor(this.rng() ** 3 * this.maxLots), this.spec.sizeDecimals, this.sizePow));
    this.touch(side, tick);
  }

  private remove(side: Side, i: number): void {
    this.touch(side, side.ticks[i]!);
    side.removeAt(i);
  }

  private insert(side: Side): void {
    const spread = this.asks.best() - this.bids.best();
    if (spread > 1 && this.rng() < 0.2) {
      const k = 1 + Math.floor(this.rng() * Math.min(spread - 1, 3 * this.spacing));
      this.set(side, side === this.bids ? this.bids.best() + k : this.asks.best() - k);
      return;
    }
    const dist = Math.floor(this.rng() * 40) * this.spacing + Math.floor(this.rng() * this.spacing);
    const tick = side === this.bids ? this.bids.best() - dist : this.asks.best() + dist;
    if (tick >= 1) this.set(side, tick);
  }

  /** The best level of one side is taken and reappears on the other: the price moves, pulled back to its start. */
  private tradeThrough(): void {
    const mid = (this.bids.best() + this.asks.best()) / 2;
    const up = this.rng() < 0.5 - Math.max(-0.3, Math.min(0.3, ((mid - this.anchor) / this.anchor) * 30));
    const from = up ? this.asks : this.bids;
    if (from.length <= MIN_LEVELS) return;
    const tick = from.ticks[0]!;
    this.remove(from, 0);
    this.set(up ? this.bids : this.asks, tick);
  }
}
