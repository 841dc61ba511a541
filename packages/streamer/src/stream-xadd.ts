// The change stream's share of a flush: `XADD {prefix}:stream:{venue}:{symbol} MAXLEN ~ N * field value`,
// encoded into the flush's own RESP buffer right after the market's SET, so it rides the same
// pipeline and Redis holds key and stream entry of a write in that order.
import type { RespBuffer } from './resp/encode';
import { commandHead } from './resp/encode';
import type { StreamEntry } from './types';

export const streamKey = (prefix: string, venue: string, symbol: string) => `${prefix}:stream:${venue}:${symbol}`;

/** XADD key MAXLEN ~ <n> * <field> <value>: eight arguments. */
const XADD_ARGS = 8;

export interface XaddEncoder {
  /** Appends the XADD of `entry` to `out`; one more reply to wait for. */
  encode(out: RespBuffer, symbol: string, entry: StreamEntry): void;
}

export function createXaddEncoder(prefix: string, venue: string): XaddEncoder {
  // Everything before the value, per symbol, field and length: encoded once, as the SET heads are.
  // Cleared when the length changes, so a setting tuned often does not grow it.
  const heads = new Map<string, Buffer>();
  let maxLen = 0;
  return {
    encode(out, symbol, entry) {
      if (entry.maxLen !== maxLen) { heads.clear(); maxLen = entry.maxLen; }
      const id = entry.field + ' ' + symbol;
      let h = heads.get(id);
      if (h === undefined) {
        h = Buffer.from(commandHead(XADD_ARGS, 'XADD', streamKey(prefix, venue, symbol), 'MAXLEN', '~', String(entry.maxLen), '*', entry.field));
        heads.set(id, h);
      }
      out.raw(h);
      if (typeof entry.value === 'string') out.bulkString(entry.value);
      else out.bulkBytes(entry.value);
    },
  };
}
