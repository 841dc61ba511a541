// The change stream's half of the throughput check: with stream=snapshot, each market's newest
// stream entry must hold exactly the value of its book key (the XADD follows the SET in the same
// pipeline), and the streams' size in Redis is what an operator pays for them.
import type { Consumer, Env } from './session';

export interface StreamCheck {
  pass: boolean;
  markets: number;
  /** Entries over all the streams, and their memory in Redis (MEMORY USAGE, bytes). */
  entries: number;
  memoryBytes: number;
  detail: string;
}

/** Run after verifyBooks (the generator paused, the last flush in Redis). */
export async function verifyStreams(env: Env, c: Consumer, symbols: readonly string[], venue = 'lighter'): Promise<StreamCheck> {
  let entries = 0;
  let memoryBytes = 0;
  let detail = '';
  for (const symbol of symbols) {
    const key = `${c.prefix}:book:${venue}:${symbol}`;
    const stream = `${c.prefix}:stream:${venue}:${symbol}`;
    const [value, last, len, mem] = await Promise.all([
      env.redis.get(key),
      env.redis.xrevrange(stream, '+', '-', 'COUNT', 1) as Promise<[string, string[]][]>,
      env.redis.xlen(stream),
      env.redis.call('MEMORY', 'USAGE', stream, 'SAMPLES', '0') as Promise<number | null>,
    ]);
    entries += len;
    memoryBytes += mem ?? 0;
    const fields = last[0]?.[1];
    if (!detail && (fields?.[0] !== 'book' || fields[1] !== value)) {
      detail = !fields ? `${symbol}: no stream entry` : `${symbol}: newest entry (${fields[0]}) differs from the key`;
    }
  }
  return { pass: detail === '', markets: symbols.length, entries, memoryBytes, detail };
}
