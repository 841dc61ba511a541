// The process: read settings, pick Redis and the source, build the engine and the app, listen,
// and shut down gracefully on SIGTERM/SIGINT (a second signal exits at once).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ownsMarket, parseShard } from '@ob/core';
import { createStreamer } from '@ob/streamer';
import { pino } from 'pino';
import { buildApp } from './app';
import { StartupConfigError } from './config-service';
import { fleetIdentity } from './fleet/identity';
import { connectRedis } from './redis/connect';
import { waitForRedis } from './redis/ready';
import { selectRedis } from './redis/select';
import { accessFor } from './security/auth';
import { describeFieldError, loadSettings } from './settings/load';
import { startSource } from './source';
import { startStatsLog } from './stats-log';

/** The whole graceful shutdown must fit in this; past it the process exits 1. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;
const EXIT_USAGE = 2;

const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

function displayUrl(host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port}/`;
}

async function main(): Promise<void> {
  const loaded = loadSettings(process.argv.slice(2), process.env);
  if (loaded.kind === 'help') { process.stdout.write(loaded.text); return; }
  if (loaded.kind === 'error') {
    for (const m of loaded.messages) console.error(m);
    console.error('See --help for every setting and its range.');
    process.exit(EXIT_USAGE);
  }
  const { startup, live, from } = loaded;
  const log = pino({ level: startup.logLevel });

  // REDIS_CLUSTER set: no single server to look for (nor a private one to start).
  const redisChoice = startup.redisCluster
    ? { kind: 'none' as const, url: '' as const, stop: async () => {} }
    : await selectRedis(startup.redisUrl, { info: (m) => log.info(m), warn: (m) => log.warn(m) });
  const parsedShard = parseShard(startup.shard); // validated by loadSettings: a Shard or undefined
  const shard = typeof parsedShard === 'object' ? parsedShard : undefined;
  const source = await startSource(startup, live, log, shard ? (m) => ownsMarket(shard, 'lighter', m.symbol) : undefined);
  if (shard) log.info(`SHARD=${startup.shard}: streaming this instance's share of the markets (rendezvous hashing of venue:symbol)`);
  const { redis, sink, mode, shown } = await connectRedis({ redisCluster: startup.redisCluster, choice: redisChoice, prefix: startup.prefix, venue: source.feed.venue, log });
  if (redis && !(await waitForRedis(redis))) {
    log.error(`Redis at ${shown} is not answering: running anyway and retrying; /readyz says 503 until it answers, and the persisted config could not be read.`);
  }
  const streamer = createStreamer({ feed: source.feed, source: source.name, sink, log });
  const fleet = redis ? { redis, me: fleetIdentity(startup.instance, shard, mode) } : null;

  let app;
  try {
    app = await buildApp({ streamer, redis, fleet, startup, live, webDist: WEB_DIST, logger: log });
  } catch (e) {
    if (!(e instanceof StartupConfigError)) throw e;
    for (const err of e.errors) console.error(describeFieldError(err, from[err.field.split('.')[0]!]));
    await Promise.allSettled([source.stop(), redis?.quit(), redisChoice.stop()]);
    process.exit(EXIT_USAGE);
  }

  const access = accessFor(startup.host, startup.adminToken);
  if (access.readOnly) {
    log.warn(`READ-ONLY: listening on ${startup.host} without ADMIN_TOKEN, so settings changes are refused (403). Set ADMIN_TOKEN to allow them.`);
  }

  let stopping = false;
  const stopStatsLog = startStatsLog(streamer, startup.statsLogSeconds, log);
  const shutdown = async (signal: NodeJS.Signals) => {
    log.info(`${signal}: shutting down (a second signal exits at once)`);
    const t0 = Date.now();
    const step = async (name: string, fn: () => Promise<unknown>) => {
      const t = Date.now();
      await fn();
      log.debug(`shutdown: ${name} (${Date.now() - t} ms)`);
    };
    stopStatsLog();
    await step('server closed', () => app.close()); // stop accepting, close dashboard sockets
    await step('feed stopped, last batch flushed', () => streamer.stop()); // bounded by the engine
    await step('redis quit', () => Promise.all([sink.close(), redis?.quit().catch(() => redis.disconnect())])); // both connections
    await step('simulator stopped', () => source.stop());
    await step('private redis stopped', () => redisChoice.stop());
    log.info(`shutdown complete in ${Date.now() - t0} ms`);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143);
    stopping = true;
    setTimeout(() => {
      log.error(`shutdown took longer than ${SHUTDOWN_TIMEOUT_MS} ms: exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    shutdown(signal).then(() => process.exit(0), (err) => {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    await app.listen({ host: startup.host, port: startup.port });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? `port ${startup.port} on ${startup.host} is already in use: pick another with PORT=<n> (or --port=<n>)`
      : code === 'EACCES' ? `no permission to listen on ${startup.host}:${startup.port}: use a port above 1023`
      : code === 'EADDRNOTAVAIL' ? `${startup.host} is not an address of this machine: check HOST`
      : `cannot listen on ${startup.host}:${startup.port}: ${(e as Error).message}`;
    console.error(why);
    await Promise.allSettled([streamer.stop(), sink.close(), source.stop(), redisChoice.stop()]);
    process.exit(1);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : startup.port;
  streamer.start().catch((err: unknown) => log.error({ err }, 'the engine failed to start; /readyz reports it'));

  const url = displayUrl(startup.host, port);
  log.info({ url, source: source.name, redis: shown, shard: startup.shard || undefined, instance: fleet?.me.id }, `listening on ${url}`);
  console.log(`\n  Dashboard: ${url}   (source: ${source.name}, redis: ${shown}${startup.shard ? `, shard ${startup.shard}` : ''})\n`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
