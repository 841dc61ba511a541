// Where the books come from: the in-process simulator (default) or the real Lighter venue.
// Either way the engine sees a feed of the Lighter module; only its URLs differ.
import { createVenueFeed, venueModule, type FeedLogger, type VenueFeed } from '@ob/feeds';
import type { MarketKind } from '@ob/core';
import type { StartupSettings, LiveSettingsPatch } from '@ob/protocol';
import { createSimulator } from '@ob/simulator';

export interface Source {
  name: StartupSettings['source'];
  feed: VenueFeed;
  /** Stops the simulator if one runs (the feed is stopped by the engine). */
  stop(): Promise<void>;
}

export type SourceSettings = Pick<StartupSettings, 'source' | 'simRate' | 'lighterWsUrl' | 'lighterRestUrl'>
  & Partial<Pick<StartupSettings, 'marketKinds' | 'marketsPerConnection' | 'marketsRefreshSeconds'>>;

export const kindsOf = (k: StartupSettings['marketKinds'] | undefined): MarketKind[] =>
  k === 'both' ? ['perp', 'spot'] : k === 'spot' ? ['spot'] : ['perp'];

export async function startSource(startup: SourceSettings, live: LiveSettingsPatch, log: FeedLogger): Promise<Source> {
  const common = {
    symbols: live.markets ?? [],
    kinds: kindsOf(startup.marketKinds),
    marketsPerConnection: startup.marketsPerConnection,
    marketsRefreshMs: startup.marketsRefreshSeconds !== undefined ? startup.marketsRefreshSeconds * 1000 : undefined,
    log,
  };
  const lighter = venueModule('lighter');
  if (startup.source === 'lighter') {
    const feed = createVenueFeed(lighter, { ...common, wsUrl: startup.lighterWsUrl, restUrl: startup.lighterRestUrl });
    return { name: 'lighter', feed, stop: async () => {} };
  }
  const sim = createSimulator({ port: 0, rate: startup.simRate });
  const { wsUrl, restUrl } = await sim.start();
  log.info({ wsUrl, restUrl, rate: startup.simRate }, `simulator listening at ${wsUrl} (${startup.simRate} msg/s)`);
  const feed = createVenueFeed(lighter, { ...common, wsUrl, restUrl });
  return { name: 'simulator', feed, stop: () => sim.stop() };
}
