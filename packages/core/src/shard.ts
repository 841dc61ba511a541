// Which instance of a sharded fleet (SHARD=i/N) streams a market: rendezvous (highest random
// weight) hashing of venue:symbol. Each market goes to the shard whose hash with it is highest,
// so going from N to N+1 shards moves only the markets the new shard wins (about 1/(N+1) of
// them), every other market stays where it was; and every instance computes the same answer
// alone, without talking to the others.

export interface Shard {
  /** 0-based index of this instance. */
  index: number;
  /** Instances in the fleet. */
  count: number;
}

/** The largest fleet SHARD accepts. */
export const MAX_SHARDS = 1024;

/** "i/N" → Shard; '' → undefined (unsharded); anything else → the reason, naming the allowed range. */
export function parseShard(text: string): Shard | undefined | string {
  const t = text.trim();
  if (t === '') return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(t);
  if (!m) return `shard must be i/N (e.g. 0/3), got "${text}"`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) return `shard count N must be from 1 to ${MAX_SHARDS}, got ${count}`;
  if (index >= count) return `shard index i must be from 0 to ${count - 1} for N=${count}, got ${index}`;
  return { index, count };
}

/** 32-bit FNV-1a of the text, then murmur3's finalizer: FNV alone leaves similar names with similar hashes. */
function hash32(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ Math.imul(seed + 1, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The shard (0..count-1) that owns the market. */
export function shardOf(venue: string, symbol: string, count: number): number {
  const id = venue + ':' + symbol;
  let best = 0;
  let bestWeight = -1;
  for (let j = 0; j < count; j++) {
    const w = hash32(id, j);
    if (w > bestWeight) { bestWeight = w; best = j; }
  }
  return best;
}

/** Whether this instance streams the market (always, when not sharded). */
export function ownsMarket(shard: Shard | undefined, venue: string, symbol: string): boolean {
  return shard === undefined || shard.count === 1 || shardOf(venue, symbol, shard.count) === shard.index;
}

export const shardName = (s: Shard | undefined): string => (s === undefined ? '' : `${s.index}/${s.count}`);
