// One market of the simulated venue: its own book, a mean-reverting price walk, and the
// Lighter frames (snapshot and deltas) it emits. Frames are built as strings directly:
// the generator feeds benchmarks at hundreds of thousands of frames per second.
import type { MarketSpec } from './catalogue';
import type { Rng } from './rng';
import { Side } from './side';

/** A side never shrinks below this, so both sides always have a best level. */
export const MIN_LEVELS = 2;
/** Level counts are kept within levels × (1 ± this). */
const LEVEL_BAND = 0.2;
/** Level spacing as a fraction of the starting price (so 50 levels span ~0.2 %). */
const SPACING_FRACTION = 2e-5;
/** Largest level, in quote currency: sizes follow from it and the price. */
const MAX_LEVEL_NOTIONAL = 100_000;
/** How hard the walk pulls back to the starting price (1 % away → 30 % less likely to move further). */
const REVERSION = 30;

export interface TrueBook {
  nonce: number;
  bids: [string, string][];
  asks: [string, string][];
}

export interface MarketSim {
  readonly spec: MarketSpec;
  /** The next delta: applied to the book, returned as an `update/order_book` frame. */
  update(ts: number, offset: number): string;
  /** The whole book as a `subscribed/order_book` frame. */
  snapshot(ts: number, offset: number): string;
  trueBook(): TrueBook;
  /** The next update's begin_nonce will not match the previous nonce (the book still applies it). */
  skipNonce(): void;
  nonce(): number;
}

function formatFixed(v: number, decimals: number, pow: number): string {
  if (decimals === 0) return String(v);
  const int = Math.floor(v / pow);
  return `${int}.${String(v - int * pow).padStart(decimals, '0')}`;
}

export function createMarketSim(spec: MarketSpec, rng: Rng, levels: number): MarketSim {
  const pricePow = 10 ** spec.priceDecimals;
  const sizePow = 10 ** spec.sizeDecimals;
  const anchor = Math.max(100, Math.round(spec.price * pricePow));
  const spacing = Math.max(1, Math.round(anchor * SPACING_FRACTION));
  const maxLots = Math.max(10, Math.round((MAX_LEVEL_NOTIONAL / (anchor / pricePow)) * sizePow));
  const lo = Math.max(MIN_LEVELS + 1, Math.floor(levels * (1 - LEVEL_BAND)));
  const hi = Math.max(lo + 1, Math.ceil(levels * (1 + LEVEL_BAND)));
  // The venue writes zero sizes several ways; clients must treat them all as a delete.
  const zeros = ['0', spec.sizeDecimals === 0 ? '0.0' : `0.${'0'.repeat(spec.sizeDecimals)}`];
  const channel = `"channel":"order_book:${spec.id}"`;

  const bids = new Side(true);
  const asks = new Side(false);
  let nonce = 1_000 + Math.floor(rng() * 1_000_000);
  let beginNonce = 0;
  let gapPending = false;
  // Prices touched by the delta being built (reused: no allocation per frame).
  const touchedBids: number[] = [];
  const touchedAsks: number[] = [];

  const priceOf = (tick: number) => formatFixed(tick, spec.priceDecimals, pricePow);
  // Mostly small sizes, a few large ones.
  const randomSize = () => formatFixed(1 + Math.floor(rng() ** 3 * maxLots), spec.sizeDecimals, sizePow);

  const touch = (list: number[], tick: number) => { if (!list.includes(tick)) list.push(tick); };
  const put = (side: Side, tick: number) => {
    side.set(tick, priceOf(tick), randomSize());
    touch(side === bids ? touchedBids : touchedAsks, tick);
  };
  const removeAt = (side: Side, i: number) => {
    touch(side === bids ? touchedBids : touchedAsks, side.ticks[i]!);
    side.removeAt(i);
  };

  // Initial book: levels per side around the anchor, with irregular gaps.
  for (let i = 0, t = anchor - spacing; i < levels && t > 0; i++, t -= spacing * (1 + Math.floor(rng() * 2))) {
    bids.set(t, priceOf(t), randomSize());
  }
  for (let i = 0, t = anchor + spacing; i < levels; i++, t += spacing * (1 + Math.floor(rng() * 2))) {
    asks.set(t, priceOf(t), randomSize());
  }

  /** A new level near the top, sometimes inside the spread; never crossing. */
  const insert = (side: Side) => {
    const isBid = side === bids;
    const spread = asks.best() - bids.best();
    if (spread > 1 && rng() < 0.2) {
      const k = 1 + Math.floor(rng() * Math.min(spread - 1, 3 * spacing));
      put(side, isBid ? bids.best() + k : asks.best() - k);
      return;
    }
    const dist = Math.floor(rng() * levels * 2) * spacing + Math.floor(rng() * spacing);
    const tick = isBid ? bids.best() - dist : asks.best() + dist;
    if (tick >= 1) put(side, tick);
  };

  /** A level beyond the deepest one, to refill a thin side. */
  const insertDeep = (side: Side) => {
    const step = spacing * (1 + Math.floor(rng() * 2));
    const tick = side === bids ? bids.worst() - step : asks.worst() + step;
    if (tick >= 1) put(side, tick);
  };

  /** Fills take the top levels, cancels anywhere. */
  const remove = (side: Side) => {
    if (side.length <= MIN_LEVELS) return;
    const i = rng() < 0.5 ? Math.floor(rng() ** 2 * Math.min(side.length, 5)) : Math.floor(rng() * side.length);
    removeAt(side, i);
  };

  const resize = (side: Side) => {
    const i = Math.floor(rng() ** 2 * side.length);
    put(side, side.ticks[i]!);
  };

  /** The price walk: the best level of one side is taken and reappears on the other side. */
  const tradeThrough = () => {
    const mid = (bids.best() + asks.best()) / 2;
    const pUp = 0.5 - Math.max(-0.3, Math.min(0.3, ((mid - anchor) / anchor) * REVERSION));
    const up = rng() < pUp;
    const from = up ? asks : bids;
    const to = up ? bids : asks;
    if (from.length <= MIN_LEVELS) return;
    const tick = from.ticks[0]!;
    removeAt(from, 0);
    put(to, tick); // cannot cross: `from`'s next level is beyond `tick`
  };

  /** Keeps the level count within the band: trim the deepest level or add one beyond it. */
  const rebalance = (side: Side) => {
    while (side.length > hi) removeAt(side, side.length - 1);
    // Bounded: a bid below tick 1 cannot be placed (only on absurdly small books).
    for (let k = 0; side.length < lo && k < lo; k++) insertDeep(side);
  };

  const levelsJson = (side: Side, touched: number[]) => {
    let s = '';
    for (let k = 0; k < touched.length; k++) {
      const tick = touched[k]!;
      const i = side.find(tick);
      const size = i >= 0 ? side.sizes[i]! : zeros[rng() < 0.5 ? 0 : 1]!;
      s += `${k === 0 ? '' : ','}{"price":"${i >= 0 ? side.prices[i]! : priceOf(tick)}","size":"${size}"}`;
    }
    return s;
  };

  const frame = (type: string, asksJson: string, bidsJson: string, ts: number, offset: number) =>
    // Key order as the venue sends it (alphabetical at the top level).
    `{${channel},"offset":${offset},"order_book":{"code":0,"asks":[${asksJson}],"bids":[${bidsJson}],` +
    `"offset":${offset},"nonce":${nonce},"begin_nonce":${beginNonce}},"timestamp":${ts},"type":"${type}"}`;

  return {
    spec,
    update(ts, offset) {
      touchedBids.length = 0;
      touchedAsks.length = 0;
      const ops = rng() < 0.3 ? 2 + Math.floor(rng() * 4) : 1;
      for (let k = 0; k < ops; k++) {
        const r = rng();
        const side = rng() < 0.5 ? bids : asks;
        if (r < 0.08) tradeThrough();
        else if (r < 0.48) resize(side);
        else if (r < 0.74) insert(side);
        else remove(side);
      }
      rebalance(bids);
      rebalance(asks);
      beginNonce = gapPending ? nonce + 1 + Math.floor(rng() * 10) : nonce;
      gapPending = false;
      nonce = Math.max(nonce, beginNonce) + 1 + Math.floor(rng() * 4);
      return frame('update/order_book', levelsJson(asks, touchedAsks), levelsJson(bids, touchedBids), ts, offset);
    },
    snapshot(ts, offset) {
      return frame('subscribed/order_book', asks.json(), bids.json(), ts, offset);
    },
    trueBook() {
      return { nonce, bids: bids.levels(), asks: asks.levels() };
    },
    skipNonce() { gapPending = true; },
    nonce() { return nonce; },
  };
}
