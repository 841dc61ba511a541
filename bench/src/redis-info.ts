// What the private redis-server says it did: command counts from INFO commandstats, so the
// write load is measured at Redis itself rather than taken from the streamer's own counters.
import type { Redis } from 'ioredis';

export type CommandCounts = Record<string, number>;

/** `cmdstat_set:calls=12,usec=...` lines → { set: 12, ... }. */
export function parseCommandStats(info: string): CommandCounts {
  const out: CommandCounts = {};
  for (const line of info.split(/\r?\n/)) {
    const m = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

export async function commandCounts(redis: Redis): Promise<CommandCounts> {
  return parseCommandStats(await redis.info('commandstats'));
}

/** Commands between two readings, leaving out the harness's own (INFO, GET, KEYS...). */
export function commandDelta(a: CommandCounts, b: CommandCounts, ignore: readonly string[] = HARNESS_COMMANDS): CommandCounts {
  const out: CommandCounts = {};
  for (const [cmd, n] of Object.entries(b)) {
    if (ignore.includes(cmd)) continue;
    const d = n - (a[cmd] ?? 0);
    if (d > 0) out[cmd] = d;
  }
  return out;
}

/** Commands the harness itself sends to the private redis; the streamer uses none of them. */
export const HARNESS_COMMANDS = ['info', 'get', 'mget', 'keys', 'flushall', 'flushdb'];

export const total = (c: CommandCounts) => Object.values(c).reduce((s, n) => s + n, 0);
