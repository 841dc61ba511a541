// The real stack for integration tests: a private redis-server, the simulator on port 0, the
// Lighter feed, the engine and the app, all closed by close().
import { createLighterFeed, type VenueFeedOptions } from '@ob/feeds';
import type { LiveSettingsPatch, StartupSettings } from '@ob/protocol';
import { createSimulator, type Simulator, type SimulatorOptions } from '@ob/simulator';
import { createRedisClient, createRedisSink, createStreamer, type Streamer } from '@ob/streamer';
import { startRedis, type TestRedis } from '@ob/testkit';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../src/app';
import { waitForRedis } from '../src/redis/ready';

import { silentLog } from '@ob/core';

export const quietLog = silentLog;

export interface StackOptions {
  redis: TestRedis;
  prefix?: string;
  startup?: Partial<StartupSettings>;
  live?: LiveSettingsPatch;
  limits?: AppDeps['limits'];
  webDist?: string | null;
  sim?: SimulatorOptions;
  feed?: Partial<VenueFeedOptions>;
  /** Start the engine (default true); false builds an idle one (configure works, nothing flows). */
  run?: boolean;
  listen?: boolean;
}

export interface Stack {
  app: FastifyInstance;
  streamer: Streamer;
  sim: Simulator;
  feed: ReturnType<typeof createLighterFeed>;
  /** http://127.0.0.1:port when listening. */
  base: string;
  redis: ReturnType<typeof createRedisClient>;
  venue: string;
  close(): Promise<void>;
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const prefix = opts.prefix ?? 'obt';
  const sim = createSimulator({ port: 0, ...opts.sim, rate: opts.sim?.rate ?? 800, markets: opts.sim?.markets ?? 8, levels: opts.sim?.levels ?? 50 });
  const { wsUrl, restUrl } = await sim.start();
  const feed = createLighterFeed({ wsUrl, restUrl, symbols: [], log: quietLog, ...opts.feed });
  const redis = createRedisClient(opts.redis.url);
  await waitForRedis(redis, 10_000);
  const sink = createRedisSink({ url: opts.redis.url, prefix, venue: feed.venue, log: quietLog });
  const streamer = createStreamer({ feed, source: 'simulator', sink, log: quietLog });
  const app = await buildApp({
    streamer, redis,
    startup: { host: '127.0.0.1', adminToken: '', allowedOrigins: '', statsHz: 10, prefix, ...opts.startup },
    live: opts.live, limits: opts.limits, webDist: opts.webDist ?? null, logger: false, feedView: () => feed.view(),
  });
  if (opts.run !== false) await streamer.start();
  let base = '';
  if (opts.listen) {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  }
  return {
    app, streamer, sim, feed, base, redis, venue: feed.venue,
    async close() {
      await app.close();
      await streamer.stop();
      await sink.close();
      await redis.quit().catch(() => {});
      await sim.stop();
    },
  };
}

/** Parses Prometheus text: metric name{labels} → value, plus the TYPE of each family. */
export function parsePrometheus(text: string): { samples: Map<string, number>; types: Map<string, string> } {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      types.set(name!, type!);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (-?[0-9.e+-]+|[Nn]a[Nn]|\+Inf|-Inf)$/.exec(line); // prom-client writes NaN as "Nan" (Prometheus parses either)
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    samples.set(m[1]!, Number(m[2]));
  }
  return { samples, types };
}
