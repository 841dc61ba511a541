// The whole engine as production wires it, on private parts: a simulator on a free port,
// the real Lighter adapter, the streamer and a redis-server started for this test.
import { Redis } from 'ioredis';
import { createLighterFeed, type LighterFeed } from '@ob/feeds';
import { createSimulator, type Simulator, type SimulatorOptions } from '@ob/simulator';
import { createRedisSink, createStreamer, type SnapshotSink, type Streamer } from '@ob/streamer';
import { silentLog as quiet, type FeedSource } from '@ob/core';
import type { LiveSettingsPatch } from '@ob/protocol';
import { startRedis, type TestRedis } from '@ob/testkit';

export const PREFIX = 't';
export const VENUE = 'lighter';

export interface Pipeline {
  redis: TestRedis;
  sim: Simulator;
  feed: LighterFeed;
  streamer: Streamer;
  /** A second connection for reading, as a downstream program would. */
  reader: Redis;
  bookKey(symbol: string): string;
  close(): Promise<void>;
}

export async function startPipeline(opts: {
  sim?: SimulatorOptions; settings?: LiveSettingsPatch; feed?: Partial<Parameters<typeof createLighterFeed>[0]>; redis?: TestRedis;
  /** Runs before the streamer starts, e.g. to subscribe to the updates channel and miss nothing. */
  beforeStart?: (redis: TestRedis) => Promise<void>;
  /** Lets a test see what passes between feed, engine and sink (e.g. a ContinuityLog). */
  wrap?: { feed<F extends FeedSource>(f: F): F; sink(s: SnapshotSink): SnapshotSink };
} = {}): Promise<Pipeline> {
  const redis = opts.redis ?? await startRedis();
  await opts.beforeStart?.(redis);
  const sim = createSimulator({ port: 0, seed: 7, ...opts.sim });
  const { wsUrl, restUrl } = await sim.start();
  const feed = createLighterFeed({ wsUrl, restUrl, log: quiet, ...opts.feed });
  const wrap = opts.wrap ?? { feed: <F>(f: F) => f, sink: (s: SnapshotSink) => s };
  const sink = createRedisSink({ url: redis.url, prefix: PREFIX, venue: VENUE, log: quiet });
  const streamer = createStreamer({ feed: wrap.feed(feed), source: 'simulator', sink: wrap.sink(sink), settings: opts.settings, log: quiet });
  await streamer.start();
  // Reconnects fast, so a test measuring recovery after a Redis restart measures the streamer, not the reader.
  const reader = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
  reader.on('error', () => {}); // a test that kills Redis expects connection errors
  return {
    redis, sim, feed, streamer, reader,
    bookKey: (symbol) => `${PREFIX}:book:${VENUE}:${symbol}`,
    async close() {
      await streamer.stop();
      await sink.close();
      reader.disconnect();
      await sim.stop();
      if (!opts.redis) await redis.stop();
    },
  };
}
