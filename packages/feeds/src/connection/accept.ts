// A shard's share of a venue (SHARD=i/N): the module's market list as the shard sees it, so
// the markets it does not own are never subscribed, written or counted.
import type { VenueModule } from './types';

export type Accept = (symbol: string) => boolean;

/** A view of the module whose fetchMarkets lists only the markets `accept` takes. */
export function onlyAccepted<M extends Pick<VenueModule, 'fetchMarkets'>>(m: M, accept: Accept | undefined): M {
  if (!accept) return m;
  // Its prototype chain kept, so methods and per-engine state stay the module's own.
  const view = Object.create(m) as M;
  view.fetchMarkets = async (o) => {
    const list = await m.fetchMarkets(o);
    return { ...list, markets: list.markets.filter((x) => accept(x.symbol)) };
  };
  return view;
}
