// Where the books come from: the in-process simulator (default), the real Lighter venue, or a
// capture replayed (SOURCE=replay:<dir>). Either way the engine sees a Lighter feed; only what
// its socket and REST reach differs (capture.ts also records them with RECORD).
import { createLighterFeed, type FeedLogger } from '@ob/feeds';
import type { FeedSource } from '@ob/core';
import type { StartupSettings, LiveSettingsPatch } from '@ob/protocol';
import { createSimulator } from '@ob/simulator';
import { openCapture, type Capture, type CaptureSettings } from './capture';

export interface Source {
  name: 'simulator' | 'lighter' | 'replay';
  feed: FeedSource;
  capture: Capture;
  /** Stops the simulator if one runs and closes the capture (the feed is stopped by the engine). */
  stop(): Promise<void>;
}

export async function startSource(
  startup: Pick<StartupSettings, 'simRate' | 'lighterWsUrl' | 'lighterRestUrl'> & CaptureSettings,
  live: LiveSettingsPatch,
  log: FeedLogger,
): Promise<Source> {
  const symbols = live.markets ?? [];
  const capture = openCapture(startup, 'lighter', log);
  if (capture.replayDir !== null) {
    log.info({ dir: capture.replayDir, speed: startup.replaySpeed }, `replaying the capture in ${capture.replayDir} at speed ${startup.replaySpeed}`);
    const feed = createLighterFeed({ wsUrl: startup.source, restUrl: startup.source, symbols, log, ...capture.io });
    return { name: 'replay', feed, capture, stop: () => capture.close() };
  }
  if (startup.source === 'lighter') {
    const feed = createLighterFeed({ wsUrl: startup.lighterWsUrl, restUrl: startup.lighterRestUrl, symbols, log, ...capture.io });
    return { name: 'lighter', feed, capture, stop: () => capture.close() };
  }
  const sim = createSimulator({ port: 0, rate: startup.simRate });
  const { wsUrl, restUrl } = await sim.start();
  log.info({ wsUrl, restUrl, rate: startup.simRate }, `simulator listening at ${wsUrl} (${startup.simRate} msg/s)`);
  const feed = createLighterFeed({ wsUrl, restUrl, symbols, log, ...capture.io });
  return { name: 'simulator', feed, capture, stop: async () => { await capture.close(); await sim.stop(); } };
}
