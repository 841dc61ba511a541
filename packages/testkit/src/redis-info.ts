// What a redis-server says it did: command counts from INFO commandstats, so tests and the
// bench check the write load at Redis itself rather than trusting the streamer's own counters.

export type CommandCounts = Record<string, number>;

/** `cmdstat_set:calls=12,usec=...` lines → { set: 12, ... }. */
export function parseCommandStats(info: string): CommandCounts {
  const out: CommandCounts = {};
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

/** Calls per command since the server started; any client with `info(section)` (ioredis does). */
export async function commandCounts(redis: { info(section: string): Promise<string> }): Promise<CommandCounts> {
  return parseCommandStats(await redis.info('commandstats'));
}
