// The process: read settings, pick Redis and the source, build the engine and the app, listen,
// and shut down gracefully on SIGTERM/SIGINT (a second signal exits at once).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { capture } from '@ob/feeds';
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
import { startSources } from './sources';
import { createEngines, type Engine } from './engines/engines';
import { startStatsLog } from './stats-log';

/** The whole graceful shutdown must fit in this; past it the process exits 1. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;
const EXIT_USAGE = 2;
/** Shut down in order, but Redis did not ack the last state of some markets (down or hung). */
const EXIT_UNWRITTEN = 1;

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
  let sources;
  try {
    sources = await startSources(startup, live, log, shard ? (venue, symbol) => ownsMarket(shard, venue, symbol) : undefined);
  } catch (e) {
    if (!(e instanceof capture.CaptureDirError)) throw e;
    console.error(`invalid setting ${startup.source.some((s) => s.startsWith('replay:')) ? 'SOURCE' : 'RECORD'}: ${e.message}`);
    await redisChoice.stop();
    process.exit(EXIT_USAGE);
  }
  if (shard) log.info(`SHARD=${startup.shard}: streaming this instance's share of the markets (rendezvous hashing of venue:symbol)`);
  const { redis, sinkFor, mode, shown } = await connectRedis({ redisCluster: startup.redisCluster, choice: redisChoice, prefix: startup.prefix, log });
  if (redis && !(await waitForRedis(redis))) {
    log.error(`Redis at ${shown} is not answering: running anyway and retrying; /readyz says 503 until it answers, and the persisted config could not be read.`);
  }
  // One engine per venue, each with its own sink (its own Redis connection, keys and channel).
  const sinks = sources.map((s) => sinkFor(s.feed.venue));
  const engineList: Engine[] = sources.map((s, i) => ({
    venue: s.venue, source: s.name, streamer: createStreamer({ feed: s.feed, source: s.name, sink: sinks[i]!, log }),
    ...(s.feed.view ? { feedView: () => s.feed.view!() } : {}),
  }));
  const engines = createEngines(engineList);
  const sourceNames = sources.map((s) => s.name).join(',');
  const stopSources = () => Promise.all(sources.map((s) => s.stop()));
  const stopEngines = () => Promise.all(engineList.map((e) => e.streamer.stop()));
  const closeSinks = () => Promise.all(sinks.map((s) => s.close()));
  const fleet = redis ? { redis, me: fleetIdentity(startup.instance, shard, mode) } : null;

  let app;
  try {
    // /api/capture?venue= shows that venue's; without it the first venue that records or replays.
    const none = { recording: null, replay: null };
    const captureStatus = (venue?: string) => (venue === undefined
      ? sources.map((s) => s.capture.status()).find((c) => c.recording || c.replay)
      : sources.find((s) => s.venue === venue)?.capture.status()) ?? none;
    app = await buildApp({ engines, redis, fleet, startup, live, webDist: WEB_DIST, logger: log, capture: captureStatus });
  } catch (e) {
    if (!(e instanceof StartupConfigError)) throw e;
    for (const err of e.errors) console.error(describeFieldError(err, from[err.field.split('.')[0]!]));
    await Promise.allSettled([stopSources(), redis?.quit(), redisChoice.stop()]);
    process.exit(EXIT_USAGE);
  }

  const access = accessFor(startup.host, startup.adminToken);
  if (access.readOnly) {
    log.warn(`READ-ONLY: listening on ${startup.host} without ADMIN_TOKEN, so settings changes are refused (403). Set ADMIN_TOKEN to allow them.`);
  }

  let stopping = false;
  const stopStatsLog = startStatsLog(engines, startup.statsLogSeconds, log);
  const shutdown = async (signal: NodeJS.Signals) => {
    log.info(`${signal}: shutting down (a second signal exits at once)`);
    const t0 = Date.now();
    const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const t = Date.now();
      const result = await fn();
      log.debug(`shutdown: ${name} (${Date.now() - t} ms)`);
      return result;
    };
    stopStatsLog();
    await step('server closed', () => app.close()); // stop accepting, close dashboard sockets
    const results = await step('feeds stopped, last batches flushed', stopEngines); // bounded by each engine, in parallel
    const unwritten = results.reduce((n, r) => n + r.unwritten, 0);
    await step('redis quit', () => Promise.all([closeSinks(), redis?.quit().catch(() => redis.disconnect())])); // every connection
    await step('simulators stopped, captures closed', stopSources);
    await step('private redis stopped', () => redisChoice.stop());
    if (unwritten > 0) {
      // One line instead of a 'write failed' per retry: what a restart has to make up for.
      const down = sinks.some((k) => k.status() === 'down');
      log.error({ unwritten, redis: sinks[0]?.url }, `shutdown: the last state of ${unwritten} market${unwritten === 1 ? '' : 's'} could not be written to Redis `
        + `(${down ? 'it is down' : 'not acked in time'}); their keys keep an older snapshot until their TTL. Exiting ${EXIT_UNWRITTEN}.`);
      log.info(`shutdown done in ${Date.now() - t0} ms, with ${unwritten} markets unwritten`);
      return EXIT_UNWRITTEN;
    }
    log.info(`shutdown complete in ${Date.now() - t0} ms`);
    return 0;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143);
    stopping = true;
    setTimeout(() => {
      log.error(`shutdown took longer than ${SHUTDOWN_TIMEOUT_MS} ms: exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    shutdown(signal).then((code) => process.exit(code), (err) => {
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
    await Promise.allSettled([stopEngines(), closeSinks(), stopSources(), redisChoice.stop()]);
    process.exit(1);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : startup.port;
  // Each engine on its own: one venue failing to start stops nothing of the others.
  for (const e of engineList) {
    e.streamer.start().catch((err: unknown) => log.error({ err, venue: e.venue }, `the ${e.venue} engine failed to start; /readyz reports it`));
  }

  const url = displayUrl(startup.host, port);
  log.info({ url, source: sourceNames, redis: shown, shard: startup.shard || undefined, instance: fleet?.me.id }, `listening on ${url}`);
  console.log(`\n  Dashboard: ${url}   (source: ${sourceNames}, redis: ${shown}${startup.shard ? `, shard ${startup.shard}` : ''})\n`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
