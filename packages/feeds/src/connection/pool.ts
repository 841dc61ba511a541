// Spreads markets over connections: each connection carries at most `perConnection` markets
// (the setting marketsPerConnection, under the venue's cap), a new market goes to the first
// connection with room, and a new connection is made only when all are full. Connections are
// never rebalanced: moving a market would cost it a resync.
import type { Link } from './link';

export interface Pool {
  readonly links: readonly Link[];
  /** The link carrying this market, if any. */
  linkOf(market: number): Link | undefined;
  /** Puts a market on a connection (creating one when all are full); undefined past maxLinks. */
  assign(market: number): Link | undefined;
  /** Takes a market off its connection. */
  release(market: number): Link | undefined;
}

export function createPool(perConnection: number, maxLinks: number, make: (index: number) => Link): Pool {
  const links: Link[] = [];
  const byMarket = new Map<number, Link>();
  return {
    links,
    linkOf: (m) => byMarket.get(m),
    assign(m) {
      const had = byMarket.get(m);
      if (had) return had;
      let link = links.find((l) => l.markets.size < perConnection && l.state() !== 'stopped');
      if (!link) {
        if (links.length >= maxLinks) return undefined;
        link = make(links.length);
        links.push(link);
      }
      link.markets.add(m);
      byMarket.set(m, link);
      return link;
    },
    release(m) {
      const link = byMarket.get(m);
      if (!link) return undefined;
      link.markets.delete(m);
      byMarket.delete(m);
      return link;
    },
  };
}
