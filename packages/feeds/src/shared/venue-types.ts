// The venue-module shape (issue 15) as the Binance USD-M and OKX adapters implement it. The
// connection machinery of issue 14 (packages/feeds/src/connection/) owns the final types; these
// follow its sketch so that wiring an adapter in is a rename, not a rewrite. Venue-neutral.
import type { MarketInfo } from '@ob/core';

// The parts now owned by connection/types.ts (issue 14), re-exported under the names these
// adapters use; VenueModule below stays until the adapters are wired (renamed fields).
export {
  DELIVER, DROP, GAP, type VenueLimits, type VenueFrame, type ContinuityTracker, type FetchMarketsOptions, type MarketList,
} from '../connection/types';
import type { FetchMarketsOptions, MarketList, VenueFrame, VenueLimits } from '../connection/types';

export interface VenueModule {
  readonly venue: string;
  readonly limits: VenueLimits;
  readonly defaultWsUrl: string;
  readonly defaultRestUrl: string;
  fetchMarkets(opts: FetchMarketsOptions): Promise<MarketList>;
  /** Subscribe texts, batched as the venue allows. */
  subscribe(markets: readonly MarketInfo[]): string[];
  unsubscribe(markets: readonly MarketInfo[]): string[];
  /** Application-level ping text; absent: the venue wants WebSocket ping frames. */
  readonly ping?: string;
  parse(text: string, receivedTs: number): VenueFrame;
}
