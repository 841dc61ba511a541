// One simulated Hyperliquid coin: its book (deeper than what is sent), and the `l2Book` frames
// it publishes, each a whole top-N book stamped with a `time` that rises per coin. The truth a
// client must end up with is the last frame published, not the book behind it.
import { BookWalk } from '../common/book-walk';
import type { Rng } from '../rng';
import type { CoinSpec } from './catalogue';

/** Prices carry five significant figures and at most 6 - szDecimals decimals (the venue's tick rule). */
export const SIG_FIGS = 5;
export const MAX_PERP_DECIMALS = 6;
/** The largest level in USDC. */
const MAX_LEVEL_NOTIONAL = 200_000;

export interface PublishedBook {
  time: number;
  /** `[px, sz]` best first, exactly as sent. */
  bids: [string, string][];
  asks: [string, string][];
  frame: string;
}

export interface CoinMarket {
  readonly spec: CoinSpec;
  /** Moves the book; it is published at the next cadence. */
  step(): void;
  readonly changed: boolean;
  /** Builds the next frame from the book's top `nLevels`, with a time above the last one. */
  publish(now: number): PublishedBook;
  /** The last frame published, and the one before it (for stale-time faults). */
  last(): PublishedBook | undefined;
  previous(): PublishedBook | undefined;
}

const priceDecimals = (spec: CoinSpec) => Math.max(0, Math.min(
  MAX_PERP_DECIMALS - spec.szDecimals, SIG_FIGS - 1 - Math.floor(Math.log10(spec.price)),
));

export function createCoinMarket(spec: CoinSpec, rng: Rng, levels: number, nLevels: number): CoinMarket {
  const walk = new BookWalk({ price: spec.price, priceDecimals: priceDecimals(spec), sizeDecimals: spec.szDecimals }, rng, levels,
    { maxNotional: MAX_LEVEL_NOTIONAL, trimPrices: true });
  let changed = true;
  let last: PublishedBook | undefined;
  let prev: PublishedBook | undefined;

  const levelsJson = (side: [string, string][]) =>
    side.map(([px, sz]) => `{"px":"${px}","sz":"${sz}","n":${1 + (px.length + sz.length) % 7}}`).join(',');

  return {
    spec,
    step() { walk.step(); changed = true; },
    get changed() { return changed; },
    publish(now) {
      const time = Math.max(now, (last?.time ?? 0) + 1);
      const bids = walk.top(walk.bids, nLevels);
      const asks = walk.top(walk.asks, nLevels);
      const frame = `{"channel":"l2Book","data":{"coin":${JSON.stringify(spec.name)},"time":${time},` +
        `"levels":[[${levelsJson(bids)}],[${levelsJson(asks)}]]}}`;
      prev = last;
      last = { time, bids, asks, frame };
      changed = false;
      return last;
    },
    last: () => last,
    previous: () => prev,
  };
}
