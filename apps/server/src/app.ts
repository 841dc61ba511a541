// buildApp(deps): the whole HTTP side as one Fastify instance. The caller owns the engine's
// lifecycle (start/stop); the app only reads and configures it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import type { CaptureResponse, FeedConnections, LiveSettingsPatch, StartupSettings } from '@ob/protocol';
import type { Streamer } from '@ob/streamer';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { createConfigService } from './config-service';
import type { AppContext } from './context';
import { AppError, errorBody, registerErrorHandler } from './errors';
import { createConfigStore } from './redis/config-store';
import { startConfigSync } from './fleet/config-sync';
import type { FleetIdentity } from './fleet/identity';
import { startFleetReporter } from './fleet/reporter';
import type { AppRedis, RedisLike } from './redis/types';
import { captureRoutes } from './routes/capture';
import { configRoutes } from './routes/config';
import { fleetRoutes } from './routes/fleet';
import { healthRoutes } from './routes/health';
import { feedRoutes } from './routes/feed';
import { marketsRoutes } from './routes/markets';
import { metricsRoutes } from './routes/metrics';
import { statsRoutes } from './routes/stats';
import { streamsRoutes } from './routes/streams';
import { systemClock, type Clock } from '@ob/core';
import { ATTEMPT_WINDOW_MS, createAttemptLimiter, FAILED_ATTEMPTS_PER_MINUTE } from './security/attempts';
import { venuesRoutes } from './routes/venues';
import { instrumentsRoutes } from './routes/instruments';
import { createEngines, type Engines } from './engines/engines';
import { createAuthGuard } from './security/auth';
import { createHostCheck } from './security/hosts';
import { createOriginCheck } from './security/origin';
import { MAX_WS_BUFFERED_BYTES } from './ws/client';
import { createHub } from './ws/hub';
import { wsRoutes } from './ws/route';

/** Request bodies beyond this are refused (413): a settings patch is a few hundred bytes. */
export const BODY_LIMIT_BYTES = 64 * 1024;
/** Inbound WebSocket frames beyond this close the connection (1009); see MAX_CLIENT_FRAME_BYTES. */
export const MAX_WS_PAYLOAD_BYTES = 64 * 1024;
export const CONFIG_CHANGES_PER_MINUTE = 30;
/** Read by monitoring under any Host (see the Host check in buildApp). */
const MONITORING_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export interface AppDeps {
  /** One engine per venue; or `streamer` alone, a single venue's (tests). */
  engines?: Engines;
  streamer?: Streamer;
  /** For {prefix}:config and GET /api/markets/:symbol/redis; null when running without Redis. */
  redis: RedisLike | null;
  startup: Pick<StartupSettings, 'host' | 'adminToken' | 'allowedOrigins' | 'statsHz' | 'prefix'> & Partial<Pick<StartupSettings, 'allowedHosts'>>;
  /** Live settings given explicitly at start (CLI/env); they win over the persisted tuning. */
  live?: LiveSettingsPatch;
  /**
   * The full client (the same one as `redis`) and this instance's name, for the fleet: reports
   * to {prefix}:fleet, GET /api/fleet, and live settings shared through {prefix}:config:changed.
   */
  fleet?: { redis: AppRedis; me: FleetIdentity } | null;
  /** The built web app (apps/web/dist); served at / when it holds an index.html. */
  webDist?: string | null;
  /** A pino logger (main's), or false for none (tests). */
  logger?: FastifyBaseLogger | false;
  /** The feed's connection view (VenueFeed.view); absent for a feed without one. */
  feedView?: () => FeedConnections;
  limits?: { maxWsBufferedBytes?: number; configChangesPerMinute?: number; failedAttemptsPerMinute?: number };
  /** For the log limiter and the failed-attempts window (a fake one in tests). */
  clock?: Clock;
  /** Recording and replay status for GET /api/capture, a venue's or (none given) the first one's (default: neither). */
  capture?: (venue?: string) => CaptureResponse;
}

function singleEngine(streamer: Streamer | undefined, feedView: AppDeps['feedView']): Engines {
  if (!streamer) throw new Error('buildApp: give engines or a streamer');
  return createEngines([{ venue: streamer.venue, source: streamer.venue, streamer, ...(feedView ? { feedView } : {}) }]);
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { startup } = deps;
  const engines = deps.engines ?? singleEngine(deps.streamer, deps.feedView);
  // `__proto__` and `constructor` keys are kept as own properties instead of refusing the body as
  // "not valid JSON": a venue may list markets of those names and the operator may give them a
  // depth override. Nothing merges a body into a plain object (the settings schema refuses unknown
  // keys by name, per-symbol maps are null-prototype).
  const options = { bodyLimit: BODY_LIMIT_BYTES, onProtoPoisoning: 'ignore', onConstructorPoisoning: 'ignore' } as const;
  const app: FastifyInstance = deps.logger
    // Per-request lines would drown the log (the dashboard polls); refusals and failures are logged by the error handler.
    ? Fastify({ ...options, loggerInstance: deps.logger, logController: new LogController({ disableRequestLogging: true }) }) as unknown as FastifyInstance
    : Fastify({ ...options, logger: false });
  const clock = deps.clock ?? systemClock;
  registerErrorHandler(app, clock);

  const auth = createAuthGuard(startup.host, startup.adminToken);
  const store = createConfigStore(deps.redis, startup.prefix);
  const config = createConfigService({ streamer: engines, store, access: auth.access, log: app.log });
  await config.restore(deps.live ?? {});
  // A Redis restarted empty, failed over or flushed has lost the operator's tuning too.
  let repersisting: Promise<void> | null = null;
  const offReset = engines.onRedisReset(() => {
    if (deps.redis && !repersisting) repersisting = config.repersist().finally(() => { repersisting = null; });
  });
  app.addHook('onClose', async () => { offReset(); await repersisting; });

  const hub = createHub({
    engines, config, statsHz: startup.statsHz, log: app.log,
    maxBufferedBytes: deps.limits?.maxWsBufferedBytes ?? MAX_WS_BUFFERED_BYTES,
  });
  app.addHook('onClose', async () => hub.close());

  const fleet = deps.fleet ?? null;
  if (fleet) {
    const reporter = startFleetReporter({ redis: fleet.redis, prefix: startup.prefix, me: fleet.me, engines, log: app.log });
    const sync = startConfigSync({ redis: fleet.redis, prefix: startup.prefix, selfId: fleet.me.id, config, log: app.log });
    app.addHook('onClose', async () => { reporter.stop(); await sync.stop(); });
  }

  const failedAttemptsPerMinute = deps.limits?.failedAttemptsPerMinute ?? FAILED_ATTEMPTS_PER_MINUTE;
  const ctx: AppContext = {
    engines, config, auth, hub, redis: deps.redis, prefix: startup.prefix, fleet,
    // A venue's connection view, or the first venue's that has one.
    feedView: (venue) => {
      const list = venue === undefined ? engines.list : engines.list.filter((e) => e.venue === venue);
      for (const e of list) { const v = e.feedView?.(); if (v) return v; }
      return null;
    },
    capture: deps.capture ?? (() => ({ recording: null, replay: null })),
    configChangesPerMinute: deps.limits?.configChangesPerMinute ?? CONFIG_CHANGES_PER_MINUTE,
    failedAttempts: createAttemptLimiter({ max: failedAttemptsPerMinute, windowMs: ATTEMPT_WINDOW_MS, clock }),
    failedAttemptsPerMinute,
    originAllowed: createOriginCheck(startup.allowedOrigins),
  };

  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) =>
      new AppError('ERR_RATE_LIMITED', `At most ${context.max} changes per minute; retry in ${Math.ceil(context.ttl / 1000)} s.`),
  });
  await app.register(websocket, { options: { maxPayload: MAX_WS_PAYLOAD_BYTES } });
  // For every route (the dashboard's files too): a Host that does not name this server is a page
  // of another site that DNS rebinding pointed here. After the websocket plugin's own onRequest
  // hook, which marks an upgrade so that a refused one has its socket closed.
  // Probes and scrapers reach the server by whatever name their service discovery gives it; what
  // they read is no secret and changes nothing, so they are not asked for a known name.
  const hostAllowed = createHostCheck(startup.host, startup.allowedHosts ?? '');
  app.addHook('onRequest', async (req) => {
    if (!hostAllowed(req.headers.host) && !MONITORING_PATHS.has(req.url.split('?')[0]!)) {
      throw new AppError('ERR_FORBIDDEN_HOST', `Host ${JSON.stringify(req.headers.host?.slice(0, 200))} is not a name of this server.`);
    }
  });
  await app.register(statsRoutes, { ctx });
  await app.register(configRoutes, { ctx });
  await app.register(marketsRoutes, { ctx });
  await app.register(feedRoutes, { ctx });
  await app.register(healthRoutes, { ctx });
  await app.register(metricsRoutes, { ctx });
  await app.register(streamsRoutes, { ctx });
  await app.register(captureRoutes, { ctx });
  await app.register(venuesRoutes, { ctx });
  await app.register(instrumentsRoutes, { ctx });
  await app.register(fleetRoutes, { ctx });
  await app.register(wsRoutes, { ctx });

  const webDist = deps.webDist && existsSync(join(deps.webDist, 'index.html')) ? deps.webDist : null;
  if (webDist) await app.register(fastifyStatic, { root: webDist, wildcard: false });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    const isApi = path === '/api' || path.startsWith('/api/') || path === '/ws' || path === '/metrics';
    // Client-side routes (/markets/BTC) load the SPA; the router takes it from there.
    if (!isApi && (req.method === 'GET' || req.method === 'HEAD')) {
      if (webDist) return reply.type('text/html').sendFile('index.html');
      if (path === '/') {
        return reply.type('text/plain').send('The dashboard is not built: run `npm run build` (or `npm start`, which builds it), then reload. The API is at /api/stats.\n');
      }
    }
    return reply.code(404).send(errorBody('ERR_NOT_FOUND', `No route ${req.method} ${path}.`));
  });

  return app;
}
