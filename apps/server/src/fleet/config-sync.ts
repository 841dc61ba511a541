// One live config for the fleet: after an instance saves {prefix}:config it publishes its id
// on {prefix}:config:changed, and every other instance reads the key and applies it. Pub/sub
// rather than keyspace polling: a change reaches the fleet in one round trip, and costs nothing
// while nobody tunes. A message missed while an instance was disconnected is made up for by
// reading the key again on every (re)subscription.
import type { Logger } from '@ob/streamer';
import type { ConfigService } from '../config-service';
import type { AppRedis } from '../redis/types';
import { configChannel } from './keys';

export function startConfigSync(deps: { redis: AppRedis; prefix: string; selfId: string; config: ConfigService; log: Logger }): { stop(): Promise<void> } {
  const { redis, prefix, selfId, config, log } = deps;
  const channel = configChannel(prefix);
  const sub = (redis as { duplicate(): AppRedis }).duplicate(); // the union's two duplicate() signatures do not unify
  sub.on('error', () => {}); // the main client logs connection trouble
  const adopt = (why: string) => {
    config.adoptStored().then((changed) => {
      if (changed.length) log.info({ changed, why }, `config: adopted the fleet's settings from Redis (${why}): ${changed.join(', ')}`);
    }, (err: unknown) => log.warn({ err: (err as Error).message }, 'config: could not adopt the fleet\'s settings'));
  };
  sub.on('message', (ch: string, from: string) => {
    if (ch === channel && from !== selfId) adopt(`changed by ${from}`);
  });
  // The client has no offline queue, so subscribe once connected, and again on every reconnect
  // (then also read the key: a change may have been published meanwhile).
  let connections = 0;
  sub.on('ready', () => {
    const again = connections++ > 0;
    sub.subscribe(channel).then(() => { if (again) adopt('resubscribed'); }, (err: unknown) => {
      log.warn({ err: (err as Error).message }, `config: could not subscribe to ${channel}; changes from other instances reach this one at its next start`);
    });
  });
  const unlisten = config.onChange((_c, origin) => {
    if (origin !== 'local') return;
    redis.publish(channel, selfId).catch((err: unknown) => log.warn({ err: (err as Error).message }, `config: change saved but not announced on ${channel}`));
  });
  return {
    async stop() {
      unlisten();
      sub.disconnect();
    },
  };
}
