// Binance USD-M as the module feed takes it: the venue module plus its REST sync, every
// snapshot of the feed drawing on one weight budget (the IP's), so a reconnect of hundreds of
// symbols is spread over minutes instead of storming the venue.
import { fromVenueModule, type FeedModule } from '../module-feed/module';
import { createBinanceUsdmVenue } from './index';

export function binanceUsdmFeedModule(): FeedModule {
  const v = createBinanceUsdmVenue();
  return fromVenueModule(v, {
    createRestSync(restUrl, fetchFn, clock) {
      const budget = v.createBudget(clock);
      return {
        snapshot: (market, signal) => v.snapshot(market, { restUrl, fetch: fetchFn, budget, signal, clock }),
        counters: () => budget.counters() as unknown as Record<string, number>,
      };
    },
  });
}
