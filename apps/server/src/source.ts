// Where the books come from: the in-process simulator (default), the real Lighter venue, or a
// capture replayed (SOURCE=replay:<dir>). Either way the engine sees a feed of the Lighter
// module; only what its sockets and REST reach differs (capture.ts also records them with RECORD).
import { createVenueFeed, venueModule, type FeedLogger, type VenueFeed } from '@ob/feeds';
import type { MarketKind } from '@ob/core';
import type { StartupSettings, LiveSettingsPatch } from '@ob/protocol';
import { createSimulator } from '@ob/simulator';
import { openCapture, type Capture, type CaptureSettings } from './capture';

export interface Source {
  name: 'simulator' | 'lighter' | 'replay';
  feed: VenueFeed;
  capture: Capture;
  /** Stops the simulator if one runs and closes the capture (the feed is stopped by the engine). */
  stop(): Promise<void>;
}

export type SourceSettings = Pick<StartupSettings, 'source' | 'simRate' | 'lighterWsUrl' | 'lighterRestUrl'> & CaptureSettings
  & Partial<Pick<StartupSettings, 'marketKinds' | 'marketsPerConnection' | 'marketsRefreshSeconds'>>;

export const kindsOf = (k: StartupSettings['marketKinds'] | undefined): MarketKind[] =>
  k === 'both' ? ['perp', 'spot'] : k === 'spot' ? ['spot'] : ['perp'];

export async function startSource(startup: SourceSettings, live: LiveSettingsPatch, log: FeedLogger): Promise<Source> {
  const capture = openCapture(startup, 'lighter', log);
  const common = {
    symbols: live.markets ?? [],
    kinds: kindsOf(startup.marketKinds),
    marketsPerConnection: startup.marketsPerConnection,
    marketsRefreshMs: startup.marketsRefreshSeconds !== undefined ? startup.marketsRefreshSeconds * 1000 : undefined,
    log,
    ...capture.io,
  };
  const lighter = venueModule('lighter');
  if (capture.replayDir !== null) {
    log.info({ dir: capture.replayDir, speed: startup.replaySpeed }, `replaying the capture in ${capture.replayDir} at speed ${startup.replaySpeed}`);
    const feed = createVenueFeed(lighter, { ...common, wsUrl: startup.source, restUrl: startup.source });
    return { name: 'replay', feed, capture, stop: () => capture.close() };
  }
  if (startup.source === 'lighter') {
    const feed = createVenueFeed(lighter, { ...common, wsUrl: startup.lighterWsUrl, restUrl: startup.lighterRestUrl });
    return { name: 'lighter', feed, capture, stop: () => capture.close() };
  }
  const sim = createSimulator({ port: 0, rate: startup.simRate });
  const { wsUrl, restUrl } = await sim.start();
  log.info({ wsUrl, restUrl, rate: startup.simRate }, `simulator listening at ${wsUrl} (${startup.simRate} msg/s)`);
  const feed = createVenueFeed(lighter, { ...common, wsUrl, restUrl });
  return { name: 'simulator', feed, capture, stop: async () => { await capture.close(); await sim.stop(); } };
}
