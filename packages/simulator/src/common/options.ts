// Option checks shared by the venue simulators: refused whole, naming the field and the range.

/** Throws a RangeError naming `name` and its range unless `v` is in min..max (and whole when `integer`).
 * Infinity passes only where max is Infinity (a limit a venue does not have). */
export function checkRange(name: string, v: number, min: number, max: number, integer = true): void {
  if (typeof v !== 'number' || Number.isNaN(v) || v < min || v > max || (integer && Number.isFinite(v) && !Number.isInteger(v))) {
    throw new RangeError(`${name} must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got ${v}`);
  }
}

/** Throws a RangeError listing the allowed values unless `v` is one of them. */
export function checkOneOf<T>(name: string, v: T, allowed: readonly T[]): void {
  if (!allowed.includes(v)) throw new RangeError(`${name} must be one of ${allowed.join(', ')}`);
}

/** Checks every numeric option present against its range. */
export function checkOptions(opts: object, ranges: Record<string, [number, number, boolean?]>): void {
  for (const [name, [min, max, integer]] of Object.entries(ranges)) {
    const v = (opts as Record<string, unknown>)[name];
    if (v !== undefined) checkRange(name, v as number, min, max, integer ?? true);
  }
}

/** Total frames per second across markets; far above what any test or bench asks of one process. */
export const MAX_SIM_RATE = 5_000_000;
export const MAX_SIM_MARKETS = 5_000;
