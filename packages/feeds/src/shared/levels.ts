// Price levels sent as arrays of decimal strings (Binance `[price, qty]`, OKX
// `[price, size, "0", orders]`), validated and flattened into BookEvent's form. Venue-neutral.
import { decimalValue } from '../lighter/decimal';

/** Bids + asks in one frame; more is refused as absurd (REST depth is 1,000 a side, OKX books 400). */
export const MAX_LEVELS_PER_FRAME = 10_000;

export interface FlatLevels {
  /** `[price0, size0, price1, size1, ...]`, the venue's exact strings. */
  flat: string[];
  /** One per level: Number(price), negated when the size is zero (BookEvent.bidKeys). */
  keys: number[];
}

/**
 * `[[price, size, ...extra], ...]` → FlatLevels, or null when any level is not an array starting
 * with a positive price and a non-negative size, both plain decimal strings. Extra elements
 * (OKX's deprecated "0" and order count) are ignored.
 */
export function arrayLevels(raw: unknown): FlatLevels | null {
  if (!Array.isArray(raw)) return null;
  const n = raw.length;
  const flat: string[] = new Array(n * 2);
  const keys: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const l: unknown = raw[i];
    if (!Array.isArray(l) || l.length < 2) return null;
    const price: unknown = l[0];
    const size: unknown = l[1];
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
