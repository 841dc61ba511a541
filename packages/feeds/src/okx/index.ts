// OKX v5 swap `books` as a venue module: instrument list, subscribe messages, the frame parser and
// the seqId/checksum tracker. No socket code here: the connection pool (issue 14) dials, pings
// (`ping` text when idle) and reconnects. One module per process (per engine): it holds the
// instId → id registry.
import { createMarketIds, type MarketIds } from '../shared/market-ids';
import type { VenueFrame, VenueModule } from '../shared/venue-types';
import { DEFAULT_REST_URL, DEFAULT_WS_URL, OKX_LIMITS, PING } from './limits';
import { fetchInstruments } from './markets';
import { subscribeBooks, unsubscribeBooks } from './messages';
import { parseOkxFrame, type OkxBookEvent } from './parse';
import { createOkxTracker, type OkxTracker } from './tracker';

export interface OkxVenue extends VenueModule {
  readonly ids: MarketIds;
  readonly ping: string;
  parse(text: string, receivedTs: number): VenueFrame<OkxBookEvent>;
  createTracker(): OkxTracker;
}

export function createOkxVenue(): OkxVenue {
  const ids = createMarketIds();
  const ctx = { find: ids.find };
  return {
    venue: 'okx',
    limits: OKX_LIMITS,
    defaultWsUrl: DEFAULT_WS_URL,
    defaultRestUrl: DEFAULT_REST_URL,
    ids,
    ping: PING,
    fetchMarkets: (opts) => fetchInstruments(opts, ids),
    subscribe: subscribeBooks,
    unsubscribe: unsubscribeBooks,
    parse: (text, receivedTs) => parseOkxFrame(text, receivedTs, ctx),
    createTracker: createOkxTracker,
  };
}

export { OKX_LIMITS } from './limits';
export { DELIVER, DROP, GAP, type VenueFrame, type VenueLimits, type VenueModule } from '../shared/venue-types';
export { checksumString, okxChecksum } from './checksum';
export { CHECKSUM } from './tracker';
export type { OkxBookEvent } from './parse';
export type { OkxTracker } from './tracker';
