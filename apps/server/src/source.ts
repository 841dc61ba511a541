// Where the books come from: the in-process simulator (default) or the real Lighter venue.
// Either way the engine sees a Lighter feed; only its URLs differ.
import { createLighterFeed, type FeedLogger } from '@ob/feeds';
import type { FeedSource, MarketInfo } from '@ob/core';
import type { StartupSettings, LiveSettingsPatch } from '@ob/protocol';
import { createSimulator } from '@ob/simulator';

export interface Source {
  name: StartupSettings['source'];
  feed: FeedSource;
  /** Stops the simulator if one runs (the feed is stopped by the engine). */
  stop(): Promise<void>;
}

export async function startSource(
  startup: Pick<StartupSettings, 'source' | 'simRate' | 'lighterWsUrl' | 'lighterRestUrl'>,
  live: LiveSettingsPatch,
  log: FeedLogger,
  /** A shard's share: only markets this accepts are subscribed. */
  accept?: (m: MarketInfo) => boolean,
): Promise<Source> {
  const symbols = live.markets ?? [];
  if (startup.source === 'lighter') {
    const feed = createLighterFeed({ wsUrl: startup.lighterWsUrl, restUrl: startup.lighterRestUrl, symbols, accept, log });
    return { name: 'lighter', feed, stop: async () => {} };
  }
  const sim = createSimulator({ port: 0, rate: startup.simRate });
  const { wsUrl, restUrl } = await sim.start();
  log.info({ wsUrl, restUrl, rate: startup.simRate }, `simulator listening at ${wsUrl} (${startup.simRate} msg/s)`);
  const feed = createLighterFeed({ wsUrl, restUrl, symbols, accept, log });
  return { name: 'simulator', feed, stop: () => sim.stop() };
}
