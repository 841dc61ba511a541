import type { Redis } from 'ioredis';

/** Calls per command since the server started, from INFO commandstats (e.g. { set: 120, publish: 12 }). */
export async function commandCalls(redis: Redis): Promise<Record<string, number>> {
  const info = await redis.info('commandstats');
  const out: Record<string, number> = {};
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out[m[1]!] = Number(m[2]);
  return out;
}
