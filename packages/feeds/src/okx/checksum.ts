// OKX's book checksum: CRC32 of the top 25 bids and asks as `bidPx:bidSz:askPx:askSz:...`,
// alternating while both sides have a level, then the longer side's remaining levels alone
// ("the missing depth data will be ignored"), read as a signed 32-bit integer. The strings are
// the venue's own: "0.5000" stays "0.5000". zlib.crc32 (Node >= 20.15) is the standard CRC-32.
import { crc32 } from 'node:zlib';
import { CHECKSUM_LEVELS } from './limits';

interface Side { readonly length: number; readonly prices: readonly string[]; readonly sizes: readonly string[] }

/** The string the checksum is taken over. */
export function checksumString(bids: Side, asks: Side, levels = CHECKSUM_LEVELS): string {
  const parts: string[] = [];
  const n = Math.min(levels, Math.max(bids.length, asks.length));
  for (let i = 0; i < n; i++) {
    if (i < bids.length) parts.push(bids.prices[i]!, bids.sizes[i]!);
    if (i < asks.length) parts.push(asks.prices[i]!, asks.sizes[i]!);
  }
  return parts.join(':');
}

/** The signed CRC32 the venue sends as `checksum`. */
export const okxChecksum = (bids: Side, asks: Side): number => crc32(checksumString(bids, asks)) | 0;

/** Flat `[price, size, ...]` as a Side, for checking a frame's own levels (tests, tools). */
export function flatSide(flat: readonly string[]): Side {
  const prices: string[] = [];
  const sizes: string[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) { prices.push(flat[i]!); sizes.push(flat[i + 1]!); }
  return { length: prices.length, prices, sizes };
}
