// buildApp(deps): the whole HTTP side as one Fastify instance. The caller owns the engine's
// lifecycle (start/stop); the app only reads and configures it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import type { LiveSettingsPatch, StartupSettings } from '@ob/protocol';
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
import { configRoutes } from './routes/config';
import { fleetRoutes } from './routes/fleet';
import { healthRoutes } from './routes/health';
import { marketsRoutes } from './routes/markets';
import { metricsRoutes } from './routes/metrics';
import { statsRoutes } from './routes/stats';
import { streamsRoutes } from './routes/streams';
import { createAuthGuard } from './security/auth';
import { createOriginCheck } from './security/origin';
import { MAX_WS_BUFFERED_BYTES } from './ws/client';
import { createHub } from './ws/hub';
import { wsRoutes } from './ws/route';

/** Request bodies beyond this are refused (413): a settings patch is a few hundred bytes. */
export const BODY_LIMIT_BYTES = 64 * 1024;
/** Inbound WebSocket frames beyond this close the connection (1009); see MAX_CLIENT_FRAME_BYTES. */
export const MAX_WS_PAYLOAD_BYTES = 64 * 1024;
export const CONFIG_CHANGES_PER_MINUTE = 30;

export interface AppDeps {
  streamer: Streamer;
  /** For {prefix}:config and GET /api/markets/:symbol/redis; null when running without Redis. */
  redis: RedisLike | null;
  startup: Pick<StartupSettings, 'host' | 'adminToken' | 'allowedOrigins' | 'statsHz' | 'prefix'>;
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
  limits?: { maxWsBufferedBytes?: number; configChangesPerMinute?: number };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { streamer, startup } = deps;
  const app: FastifyInstance = deps.logger
    // Per-request lines would drown the log (the dashboard polls); refusals and failures are logged by the error handler.
    ? Fastify({ loggerInstance: deps.logger, bodyLimit: BODY_LIMIT_BYTES, logController: new LogController({ disableRequestLogging: true }) }) as unknown as FastifyInstance
    : Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES });
  registerErrorHandler(app);

  const auth = createAuthGuard(startup.host, startup.adminToken);
  const store = createConfigStore(deps.redis, startup.prefix);
  const config = createConfigService({ streamer, store, access: auth.access, log: app.log });
  await config.restore(deps.live ?? {});

  const hub = createHub({
    streamer, config, statsHz: startup.statsHz, log: app.log,
    maxBufferedBytes: deps.limits?.maxWsBufferedBytes ?? MAX_WS_BUFFERED_BYTES,
  });
  app.addHook('onClose', async () => hub.close());

  const fleet = deps.fleet ?? null;
  if (fleet) {
    const reporter = startFleetReporter({ redis: fleet.redis, prefix: startup.prefix, me: fleet.me, streamer, log: app.log });
    const sync = startConfigSync({ redis: fleet.redis, prefix: startup.prefix, selfId: fleet.me.id, config, log: app.log });
    app.addHook('onClose', async () => { reporter.stop(); await sync.stop(); });
  }

  const ctx: AppContext = {
    streamer, config, auth, hub, redis: deps.redis, prefix: startup.prefix, fleet,
    configChangesPerMinute: deps.limits?.configChangesPerMinute ?? CONFIG_CHANGES_PER_MINUTE,
  };

  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) =>
      new AppError('ERR_RATE_LIMITED', `At most ${context.max} changes per minute; retry in ${Math.ceil(context.ttl / 1000)} s.`),
  });
  await app.register(websocket, { options: { maxPayload: MAX_WS_PAYLOAD_BYTES } });
  await app.register(statsRoutes, { ctx });
  await app.register(configRoutes, { ctx });
  await app.register(marketsRoutes, { ctx });
  await app.register(healthRoutes, { ctx });
  await app.register(metricsRoutes, { ctx });
  await app.register(streamsRoutes, { ctx });
  await app.register(fleetRoutes, { ctx });
  await app.register(wsRoutes, { ctx, originAllowed: createOriginCheck(startup.allowedOrigins) });

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
