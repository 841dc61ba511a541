// Price levels sent as pairs of decimal strings (Binance `[price, qty]`, Bybit, OKX
// `[price, size, "0", orders]`) or objects (Hyperliquid `{px, sz, n}`), validated and flattened
// into BookEvent's form in one loop; and small checks for parsed JSON. Venue-neutral.
import { decimalValue } from '../lighter/decimal';

/** Bids + asks in one frame; more is refused as absurd (REST depth is 1,000 a side, OKX books 400). */
export const MAX_LEVELS_PER_FRAME = 10_000;
/** Levels of one side in one frame; more is refused as absurd (the deepest public book is 1,000 a side). */
export const MAX_LEVELS_PER_SIDE = 5_000;

export interface FlatLevels {
  /** `[price0, size0, price1, size1, ...]`, the venue's exact strings. */
  flat: string[];
  /** One per level: Number(price), negated when the size is zero (BookEvent.bidKeys). */
  keys: number[];
}

/** Reads a level's price or size field; anything but a string fails the level. */
export type LevelField = (level: unknown) => unknown;

/**
 * Levels → FlatLevels, or null when any level lacks a positive price and a non-negative size,
 * both plain decimal strings, or the side is absurdly long.
 */
export function flatLevels(raw: unknown, priceOf: LevelField, sizeOf: LevelField): FlatLevels | null {
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

const first: LevelField = (l) => (Array.isArray(l) ? l[0] : undefined);
const second: LevelField = (l) => (Array.isArray(l) ? l[1] : undefined);
/** `[[price, size, ...extra], ...]`; extra elements (OKX's deprecated "0" and order count) are ignored. */
export const arrayLevels = (raw: unknown): FlatLevels | null => flatLevels(raw, first, second);

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A non-negative safe integer (sequence numbers, ids). */
export const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Venue error texts are cut to this before they reach logs. */
export const MAX_ERROR_MESSAGE_CHARS = 200;

export const errorText = (v: unknown): string => (typeof v === 'string' ? v : 'error').slice(0, MAX_ERROR_MESSAGE_CHARS);

/** Decimal places of a tick or step size string ("0.0010" → 3, "1" → 0); undefined when not a decimal. */
export function decimalsOf(step: unknown): number | undefined {
  if (typeof step !== 'string' || !(decimalValue(step) > 0)) return undefined;
  if (/[eE]/.test(step)) return undefined;
  const dot = step.indexOf('.');
  return dot < 0 ? 0 : step.slice(dot + 1).replace(/0+$/, '').length;
}
