// One engine on a fake clock, a fake feed and a recording sink.
import type { LiveSettingsPatch } from '@ob/protocol';
import { createStreamer } from '../src/create-streamer';
import type { Streamer } from '../src/types';
import { FakeClock } from './fake-clock';
import { FakeFeed, marketList } from './fake-feed';
import { RecordingSink } from './recording-sink';

export interface Rig { clock: FakeClock; feed: FakeFeed; sink: RecordingSink; streamer: Streamer }

export async function rig(settings: LiveSettingsPatch = {}, markets = 5): Promise<Rig> {
  const clock = new FakeClock();
  const feed = new FakeFeed(marketList(markets), 'testvenue', () => clock.now());
  const sink = new RecordingSink();
  const streamer = createStreamer({ feed, source: 'test', sink, clock, settings });
  await streamer.start();
  return { clock, feed, sink, streamer };
}
