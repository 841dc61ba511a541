// Venue level arrays into BookEvent's flat strings plus one ordering key per level, validated in
// the same loop: `[["price","size"], ...]` (Bybit, Binance, OKX) or `[{px, sz, n}, ...]` (Hyperliquid).
import { decimalValue } from './lighter/decimal';

/** Levels of one side in one frame; more is refused as absurd (the deepest public book is 1,000 a side). */
export const MAX_LEVELS_PER_SIDE = 5_000;

export interface FlatLevels { flat: string[]; keys: number[] }

/** Reads a level's price or size field; anything but a string fails the level. */
type Field = (level: unknown) => unknown;

/**
 * Levels → flat `[price, size, ...]` and keys (Number(price), negated for a zero size:
 * BookEvent.bidKeys), or null when any level is not a pair of decimal strings with a positive price.
 */
export function flatLevels(raw: unknown, priceOf: Field, sizeOf: Field): FlatLevels | null {
  if (!Array.isArray(raw) || raw.length > MAX_LEVELS_PER_SIDE) return null;
  const n = raw.length;
  const flat: string[] = new Array(n * 2);
  const keys: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const l: unknown = raw[i];
    const price = priceOf(l);
    const size = sizeOf(l);
    if (typeof price !== 'string' || typeof size !== 'string') return null;
    const p = decimalValue(price);
    const z = decimalValue(size);
    if (!(p > 0) || z < 0) return null;
    flat[2 * i] = price;
    flat[2 * i + 1] = size;
    keys[i] = z === 0 ? -p : p;
  }
  return { flat, keys };
}

// Extra entries in a pair (OKX sends four) are ignored.
const first: Field = (l) => (Array.isArray(l) ? l[0] : undefined);
const second: Field = (l) => (Array.isArray(l) ? l[1] : undefined);
export const pairLevels = (raw: unknown): FlatLevels | null => flatLevels(raw, first, second);
