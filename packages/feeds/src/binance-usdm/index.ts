// Binance USD-M futures as a venue module: market list, SUBSCRIBE messages, the frame parser,
// the REST-snapshot continuity tracker and the weight-paced snapshot. No socket code here: the
// connection pool (issue 14) dials, paces and reconnects. One module per process (per engine):
// it holds the symbol → id registry and the ids of requests awaiting an answer.
import type { Clock, MarketInfo } from '@ob/core';
import { createMarketIds, type MarketIds } from '../shared/market-ids';
import type { VenueFrame, VenueModule } from '../shared/venue-types';
import {
  BINANCE_USDM_LIMITS, DEFAULT_REST_URL, DEFAULT_WS_URL, SNAPSHOT_WEIGHT_BURST, SNAPSHOT_WEIGHT_PER_MINUTE,
} from './limits';
import { fetchExchangeInfo } from './markets';
import { createBinanceRequests } from './messages';
import { parseBinanceFrame, type BinanceDepthEvent } from './parse';
import { fetchDepthSnapshot, type SnapshotOptions } from './snapshot';
import { createBinanceTracker, type BinanceTracker } from './tracker';
import { RestWeightBudget } from './weight-budget';

export interface BinanceUsdmVenue extends VenueModule {
  readonly ids: MarketIds;
  parse(text: string, receivedTs: number): VenueFrame<BinanceDepthEvent>;
  createTracker(): BinanceTracker;
  /** The budget every snapshot of this IP shares, at our documented share of the venue's weight. */
  createBudget(clock?: Clock): RestWeightBudget;
  snapshot(market: MarketInfo, opts: SnapshotOptions): Promise<BinanceDepthEvent>;
}

export function createBinanceUsdmVenue(): BinanceUsdmVenue {
  const ids = createMarketIds();
  const requests = createBinanceRequests();
  const ctx = { find: ids.find, settle: requests.settle };
  return {
    venue: 'binance-usdm',
    limits: BINANCE_USDM_LIMITS,
    defaultWsUrl: DEFAULT_WS_URL,
    defaultRestUrl: DEFAULT_REST_URL,
    ids,
    fetchMarkets: (opts) => fetchExchangeInfo(opts, ids),
    subscribe: requests.subscribe,
    unsubscribe: requests.unsubscribe,
    parse: (text, receivedTs) => parseBinanceFrame(text, receivedTs, ctx),
    createTracker: () => createBinanceTracker(),
    createBudget: (clock) => new RestWeightBudget({ perMinute: SNAPSHOT_WEIGHT_PER_MINUTE, burst: SNAPSHOT_WEIGHT_BURST, clock }),
    snapshot: fetchDepthSnapshot,
  };
}

export { BINANCE_USDM_LIMITS } from './limits';
export { RestWeightBudget, type WeightBudgetCounters, type WeightBudgetOptions } from './weight-budget';
export { DELIVER, DROP, GAP, type VenueFrame, type VenueLimits, type VenueModule } from '../shared/venue-types';
export { streamName } from './messages';
export type { BinanceDepthEvent } from './parse';
export type { BinanceTracker, SyncResult } from './tracker';
