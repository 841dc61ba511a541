// OKX v5 swap `books` as a venue module: instrument list, subscribe messages, the frame parser and
// the seqId/checksum tracker. No socket code here: the connection pool (issue 14) dials, pings
// (`ping` text when idle) and reconnects. One module per process (per engine): it holds the
// instId → id registry.
import { createMarketIds, type MarketIds } from '../shared/market-ids';
import type { VenueModule } from '../connection/types';
import { DEFAULT_REST_URL, DEFAULT_WS_URL, OKX_LIMITS, PING } from './limits';
import { fetchInstruments } from './markets';
import { subscribeBooks, unsubscribeBooks } from './messages';
import { parseOkxFrame, type OkxBookEvent } from './parse';
import { createOkxTracker, type OkxTracker } from './tracker';

export interface OkxVenue extends VenueModule<OkxBookEvent> {
  readonly ids: MarketIds;
  createTracker(): OkxTracker;
}

export function createOkxVenue(): OkxVenue {
  const ids = createMarketIds();
  const ctx = { find: ids.find };
  return {
    venue: 'okx',
    limits: OKX_LIMITS,
    wsUrl: DEFAULT_WS_URL,
    restUrl: DEFAULT_REST_URL,
    ids,
    ping: PING,
    fetchMarkets: (opts) => fetchInstruments(opts, ids),
    subscribe: subscribeBooks,
    unsubscribe: unsubscribeBooks,
    decode: (text, receivedTs) => parseOkxFrame(text, receivedTs, ctx),
    createTracker: createOkxTracker,
  };
}

export { OKX_LIMITS } from './limits';
export { checksumString, okxChecksum } from './checksum';
export { CHECKSUM } from './tracker';
export type { OkxBookEvent } from './parse';
export type { OkxTracker } from './tracker';
