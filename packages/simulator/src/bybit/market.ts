// One simulated Bybit linear book at depth 50: the venue's book is the 50-level window (a level
// leaving it goes out as size "0"), `u` rises by one per delta, and each frame is written the
// way the venue writes `orderbook.50` (topic, type, ts, data{s,b,a,u,seq}, cts).
import { BookWalk } from '../common/book-walk';
import type { Side } from '../side';
import type { Rng } from '../rng';
import type { InstrumentSpec } from './catalogue';

export const DEPTH = 50;
/** The largest level in quote currency. */
const MAX_LEVEL_NOTIONAL = 150_000;
/** The venue's `cts` (matching engine) precedes its `ts` (push) by a couple of ms. */
const CTS_LEAD_MS = 2;

export interface BybitTrueBook { u: number; bids: [string, string][]; asks: [string, string][] }

export interface BybitMarket {
  readonly spec: InstrumentSpec;
  /** The next delta frame (its book applies it). `seq` is the venue's cross sequence. */
  delta(ts: number, seq: number): string;
  /** The whole book as one frame (type snapshot, or `asType` for a restart sent as a delta). */
  snapshot(ts: number, seq: number, asType?: 'snapshot' | 'delta'): string;
  /** The next delta's u jumps (the venue's book still applies it): a gap for clients. */
  skipU(): void;
  /** A service restart: u starts again at 1 with the next snapshot. */
  restart(): void;
  trueBook(): BybitTrueBook;
}

export function createBybitMarket(spec: InstrumentSpec, rng: Rng, levels: number): BybitMarket {
  const walk = new BookWalk({ price: spec.price, priceDecimals: spec.priceScale, sizeDecimals: spec.sizeDecimals }, rng,
    Math.min(levels, DEPTH), { maxNotional: MAX_LEVEL_NOTIONAL, tickUnits: spec.tickUnits, maxLevels: DEPTH });
  let u = 1_000 + Math.floor(rng() * 1_000_000);
  let jump = false;
  const head = `{"topic":"orderbook.${DEPTH}.${spec.symbol}","type":"`;

  const pairs = (side: Side) => {
    let s = '';
    for (let i = 0; i < side.length; i++) s += `${i ? ',' : ''}["${side.prices[i]}","${side.sizes[i]}"]`;
    return s;
  };
  const changedPairs = (side: Side, changed: readonly number[]) => {
    let s = '';
    for (let k = 0; k < changed.length; k++) {
      const i = side.find(changed[k]!);
      // A level gone (or pushed out of the 50-level window) is sent with size "0".
      const price = i >= 0 ? side.prices[i]! : walk.priceOf(changed[k]!);
      s += `${k ? ',' : ''}["${price}","${i >= 0 ? side.sizes[i]! : '0'}"]`;
    }
    return s;
  };
  const frame = (type: string, b: string, a: string, ts: number, seq: number) =>
    `${head}${type}","ts":${ts},"data":{"s":"${spec.symbol}","b":[${b}],"a":[${a}],"u":${u},"seq":${seq}},"cts":${ts - CTS_LEAD_MS}}`;

  return {
    spec,
    delta(ts, seq) {
      walk.step();
      u += jump ? 2 + Math.floor(rng() * 5) : 1;
      jump = false;
      return frame('delta', changedPairs(walk.bids, walk.changedBids), changedPairs(walk.asks, walk.changedAsks), ts, seq);
    },
    snapshot: (ts, seq, asType = 'snapshot') => frame(asType, pairs(walk.bids), pairs(walk.asks), ts, seq),
    skipU() { jump = true; },
    restart() { u = 1; },
    trueBook: () => ({ u, bids: walk.top(walk.bids), asks: walk.top(walk.asks) }),
  };
}
