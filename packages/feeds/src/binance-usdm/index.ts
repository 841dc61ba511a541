// Binance USD-M futures as a venue module: market list, SUBSCRIBE messages, the frame parser,
// the REST-snapshot continuity tracker and the weight-paced snapshot (createRestSync: every
// snapshot of a feed draws on one budget, the IP's, so a reconnect of hundreds of symbols is
// spread over minutes instead of storming the venue). No socket code here: connection/ dials,
// paces and reconnects. One module per feed: it holds the symbol → id registry and the ids of
// requests awaiting an answer.
import type { Clock, MarketInfo } from '@ob/core';
import type { VenueModule } from '../connection/types';
import { HttpStatusError } from '../shared/get-json';
import { createMarketIds, type MarketIds } from '../shared/market-ids';
import {
  BINANCE_USDM_LIMITS, DEFAULT_REST_URL, DEFAULT_WS_URL, SNAPSHOT_WEIGHT_BURST, SNAPSHOT_WEIGHT_PER_MINUTE,
} from './limits';
import { fetchExchangeInfo } from './markets';
import { createBinanceRequests, PING } from './messages';
import { parseBinanceFrame, type BinanceDepthEvent } from './parse';
import { fetchDepthSnapshot, type SnapshotOptions } from './snapshot';
import { createBinanceTracker, type BinanceTracker } from './tracker';
import { RestWeightBudget } from './weight-budget';

/**
 * A snapshot refused with 429 or 418 is asked again this many times before it counts as failed:
 * the refusal paused the whole budget for Retry-After, so asking again waits that out.
 */
export const THROTTLED_RETRIES = 5;

const throttled = (err: unknown) => err instanceof HttpStatusError && (err.status === 429 || err.status === 418);

export interface BinanceUsdmOptions {
  /** The REST weight our snapshots may spend (default 1,200 a minute plus a burst of 240); tests scale it with the simulator's. */
  snapshotWeight?: { perMinute: number; burst: number };
}

export interface BinanceUsdmVenue extends VenueModule<BinanceDepthEvent> {
  readonly ids: MarketIds;
  createTracker(): BinanceTracker;
  /** The budget every snapshot of this IP shares, at our documented share of the venue's weight. */
  createBudget(clock?: Clock): RestWeightBudget;
  snapshot(market: MarketInfo, opts: SnapshotOptions): Promise<BinanceDepthEvent>;
}

export function createBinanceUsdmVenue(opts: BinanceUsdmOptions = {}): BinanceUsdmVenue {
  const ids = createMarketIds();
  const requests = createBinanceRequests();
  const ctx = { find: ids.find, settle: requests.settle };
  const weight = opts.snapshotWeight ?? { perMinute: SNAPSHOT_WEIGHT_PER_MINUTE, burst: SNAPSHOT_WEIGHT_BURST };
  const createBudget = (clock?: Clock) => new RestWeightBudget({ ...weight, clock });
  return {
    venue: 'binance-usdm',
    limits: BINANCE_USDM_LIMITS,
    wsUrl: DEFAULT_WS_URL,
    restUrl: DEFAULT_REST_URL,
    ids,
    fetchMarkets: (o) => fetchExchangeInfo(o, ids),
    subscribe: requests.subscribe,
    unsubscribe: requests.unsubscribe,
    ping: PING,
    decode: (text, receivedTs) => parseBinanceFrame(text, receivedTs, ctx),
    createTracker: () => createBinanceTracker(),
    // Answers name the request id, so an ack says which markets it subscribed.
    snapshotAnswersSubscribe: false,
    createRestSync(io) {
      const budget = createBudget(io.clock);
      return {
        async snapshot(market, signal) {
          const o = { restUrl: io.restUrl, fetch: io.fetch, budget, signal, timeoutMs: io.timeoutMs, clock: io.clock };
          for (let tries = 0; ; tries++) {
            try { return await fetchDepthSnapshot(market, o); } catch (err) {
              if (!throttled(err) || tries >= THROTTLED_RETRIES || signal.aborted) throw err;
            }
          }
        },
        counters: () => ({ ...budget.counters() }),
        close: () => budget.close(),
      };
    },
    createBudget,
    snapshot: fetchDepthSnapshot,
  };
}

export { BINANCE_USDM_LIMITS } from './limits';
export { RestWeightBudget, type WeightBudgetCounters, type WeightBudgetOptions } from './weight-budget';
export { streamName, PING } from './messages';
export type { BinanceDepthEvent } from './parse';
export type { BinanceTracker, SyncResult } from './tracker';
