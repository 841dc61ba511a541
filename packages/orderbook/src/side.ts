// One side of an L2 book: levels sorted by a numeric key, with the exchange's exact price and
// size strings kept for output (numbers to order by, strings to write out).
//
// Layout: `keys` (Float64Array) ascend and the best level sits at the END (bids: key = price;
// asks: key = -price), so the busy top of the book is cheap to insert into and the best level is
// keys[count - 1]. `slots` (Int32Array, parallel to keys) name where the level's strings live in
// the `prices`/`sizes` pools; inserting or deleting moves only the two typed arrays (a memmove),
// never the strings (whose moves would each pay a GC write barrier).

/** Levels a side holds before its first growth (it doubles as needed). */
const INITIAL_CAPACITY = 64;
/** Moves shorter than this are plain loops: cheaper than a copyWithin call. */
const SHORT_MOVE = 16;
/** Runs of bytes up to this long are copied in a loop: cheaper than a subarray and a set(). */
const SHORT_RUN = 64;
/** Generations of a side's output fit a Uint32Array. */
const MAX_GEN = 0xfffffff0;

/** Stored strings go into JSON verbatim, so refuse any that could need escaping: Number() only
 * tolerates whitespace at the ends, and every other character it accepts is JSON-safe. */
const plain = (s: string) => s.charCodeAt(0) > 32 && s.charCodeAt(s.length - 1) > 32;

/**
 * Number(s) for strings safe to write into JSON (NaN for others, e.g. " 5"). Fast for the plain
 * decimals venues send ("83693.9"): with at most 15 digits the digits form an exact integer and
 * 10^k is exact, so one (correctly rounded) division gives exactly what Number(s) gives.
 * Anything else goes to Number(s). The digit-only fast path also proves the string is plain.
 */
export function toNumber(s: string): number {
  const n = s.length;
  if (n === 0 || n > 15) return slowNumber(s);
  let m = 0;
  let i = 0;
  let d = 0;
  for (; i < n; i++) {
    d = s.charCodeAt(i) - 48;
    if (d >>> 0 > 9) break; // not a digit (one unsigned compare)
    m = m * 10 + d;
  }
  if (i === n) return m;
  if (d !== -2 || i === 0 || i === n - 1) return slowNumber(s); // '.' is 46 = 48 - 2
  const frac = n - i - 1;
  for (i++; i < n; i++) {
    d = s.charCodeAt(i) - 48;
    if (d >>> 0 > 9) return slowNumber(s);
    m = m * 10 + d;
  }
  return m / POW10[frac]!;
}

/** Up to 10^15: the fast path never has more than 15 digits. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** Number(s), or NaN for a string that would need escaping in JSON (see plain). */
function slowNumber(s: string): number {
  return plain(s) ? +s : NaN;
}

/** A size's meaning without converting it: 0 zero (delete), 1 positive, -1 not a size. */
export function sizeKind(s: string): number {
  const n = s.length;
  let nonzero = 0;
  let i = 0;
  let d = 0;
  for (; i < n; i++) {
    d = s.charCodeAt(i) - 48;
    if (d >>> 0 > 9) break;
    nonzero |= d;
  }
  if (i < n) {
    if (d !== -2 || i === 0 || i === n - 1) return slowSizeKind(s);
    for (i++; i < n; i++) {
      d = s.charCodeAt(i) - 48;
      if (d >>> 0 > 9) return slowSizeKind(s);
      nonzero |= d;
    }
  } else if (n === 0) return slowSizeKind(s);
  return nonzero === 0 ? 0 : 1;
}

function slowSizeKind(s: string): number {
  const v = +s;
  return v === 0 ? 0 : v > 0 && v < Infinity && plain(s) ? 1 : -1;
}

/**
 * A level's key as BookEvent.bidKeys/askKeys carry it: the price as Number(price) gives it,
 * negated when the size is zero (a delete); NaN when the price or size is not valid here.
 */
export function levelKey(price: string, size: string): number {
  const s = sizeKind(size);
  const p = toNumber(price);
  return s < 0 || !(p > 0 && p < Infinity) ? NaN : s === 0 ? -p : p;
}

const OPEN_BRACKET = 0x5b, CLOSE_BRACKET = 0x5d, COMMA = 0x2c, QUOTE = 0x22;
const utf8 = new TextEncoder();

/**
 * `s` as UTF-8 at `off` (room for 3 bytes per UTF-16 unit is the caller's); returns the end. Venue
 * decimals are ASCII, copied a byte per unit; anything else is left to the TextEncoder.
 */
function writeText(out: Uint8Array, off: number, s: string): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return off - i + utf8.encodeInto(s, out.subarray(off - i)).written;
    out[off++] = c;
  }
  return off;
}

export class BookSide {
  private keys = new Float64Array(INITIAL_CAPACITY);
  private slots = new Int32Array(INITIAL_CAPACITY);
  private n = 0;
  /** String pools indexed by slot; freed slots are reused (stack in `free`). */
  private prices: string[] = [];
  private sizes: string[] = [];
  /** Each slot's `["price","size"]` JSON, built when first written out and reset ('') when the
   * level changes: a book is written ten times a second but each level changes far less often. */
  private json: string[] = [];
  /** The last writeJson() result and its depth; '' once a level within that depth changes. */
  private sideJson = '';
  private sideJsonDepth = 0;
  /**
   * The last writeJsonBytes() output (best first), its length and depth (depth 0 once a level
   * within it changes: the output is then rebuilt, not reused whole).
   */
  private bytes = new Uint8Array(0);
  private bytesLength = 0;
  private bytesDepth = 0;
  /**
   * Where each slot's level sits in that output and how long it is, valid while slotGen[slot]
   * equals bytesGen (a level that changes gets 0). A rebuild copies the unchanged levels from the
   * last output in runs (a few levels change between two flushes) and writes only the changed
   * ones from their strings: reading two strings per level from all over the heap, cold after
   * the ~100 ms between flushes, cost 5 µs a side against 2 µs warm (measured).
   */
  private bytesGen = 1;
  private slotGen = new Uint32Array(INITIAL_CAPACITY);
  private slotOffset = new Int32Array(INITIAL_CAPACITY);
  private slotLength = new Int32Array(INITIAL_CAPACITY);
  private free = new Int32Array(INITIAL_CAPACITY);
  private freeCount = 0;

  /** +1 for bids (best = highest price), -1 for asks (best = lowest). */
  constructor(private readonly sign: 1 | -1) {}

  get count(): number { return this.n; }

  clear(): void {
    this.n = 0;
    this.freeCount = 0;
    this.prices.length = 0; // release the strings; slots restart at 0
    this.sizes.length = 0;
    this.json.length = 0;
    this.sideJson = '';
    this.bytesDepth = 0;
    this.bytesGen += 2; // no level of the last output is there any more
  }

  /** Best price as a number; NaN when empty. */
  bestPrice(): number {
    return this.n === 0 ? NaN : this.sign * this.keys[this.n - 1]!;
  }

  /** Exact price string at rank (0 = best), or null. */
  priceAt(rank: number): string | null {
    const i = this.n - 1 - rank;
    return i >= 0 && rank >= 0 ? this.prices[this.slots[i]!]! : null;
  }

  /** Exact size string at rank (0 = best), or null. */
  sizeAt(rank: number): string | null {
    const i = this.n - 1 - rank;
    return i >= 0 && rank >= 0 ? this.sizes[this.slots[i]!]! : null;
  }

  /**
   * Sets the size at a price; a zero size ("0", "0.0000", "0e0", "-0") deletes it.
   * Returns false (and changes nothing) for a price that is not a positive finite number
   * or a size that is negative, NaN or infinite.
   */
  set(price: string, size: string): boolean {
    const p = toNumber(price);
    const s = sizeKind(size);
    if (!(p > 0 && p < Infinity) || s < 0) return false;
    this.put(this.sign * p, s === 0, price, size);
    return true;
  }

  /**
   * set() with the numbers already known (see levelKey): `key` is the price, negated when the
   * size is zero. Returns false (and changes nothing) when the price is not positive and finite.
   */
  setKeyed(key: number, price: string, size: string): boolean {
    const del = key < 0;
    const p = del ? -key : key;
    if (!(p > 0 && p < Infinity)) return false;
    this.put(this.sign * p, del, price, size);
    return true;
  }

  /** The level at `key` (sign * price) gets these strings, or goes when `del`. */
  private put(key: number, del: boolean, price: string, size: string): void {
    const keys = this.keys;
    const n = this.n;
    // First index whose key >= key.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    // Within the last written depth (rank n - 1 - lo, or n - lo for an insert): that JSON is stale.
    const rank = n - lo;
    if (lo < n && keys[lo] === key) {
      this.changedAt(rank);
      if (del) {
        this.remove(lo);
      } else {
        const slot = this.slots[lo]!;
        this.prices[slot] = price;
        this.sizes[slot] = size;
        this.json[slot] = '';
        this.slotGen[slot] = 0;
      }
    } else if (!del) {
      this.changedAt(rank);
      this.insert(lo, key, price, size);
    }
  }

  /** A level at this rank (or an insert there) changed: written views that reach it are stale. */
  private changedAt(rank: number): void {
    if (rank <= this.sideJsonDepth) this.sideJson = '';
    if (rank <= this.bytesDepth) this.bytesDepth = 0;
  }

  private insert(at: number, key: number, price: string, size: string): void {
    const n = this.n;
    if (n === this.keys.length) this.grow();
    const keys = this.keys;
    const slots = this.slots;
    if (n - at < SHORT_MOVE) {
      for (let j = n; j > at; j--) { keys[j] = keys[j - 1]!; slots[j] = slots[j - 1]!; }
    } else {
      keys.copyWithin(at + 1, at, n);
      slots.copyWithin(at + 1, at, n);
    }
    const slot = this.freeCount > 0 ? this.free[--this.freeCount]! : this.prices.length;
    keys[at] = key;
    slots[at] = slot;
    this.prices[slot] = price;
    this.sizes[slot] = size;
    this.json[slot] = '';
    this.slotGen[slot] = 0;
    this.n = n + 1;
  }

  private remove(at: number): void {
    const n = this.n;
    const keys = this.keys;
    const slots = this.slots;
    const slot = slots[at]!;
    if (n - at < SHORT_MOVE) {
      for (let j = at + 1; j < n; j++) { keys[j - 1] = keys[j]!; slots[j - 1] = slots[j]!; }
    } else {
      keys.copyWithin(at, at + 1, n);
      slots.copyWithin(at, at + 1, n);
    }
    this.free[this.freeCount++] = slot; // free has the capacity of keys, so it never overflows
    this.n = n - 1;
  }

  private grow(): void {
    const cap = this.keys.length * 2;
    const keys = new Float64Array(cap);
    keys.set(this.keys);
    const slots = new Int32Array(cap);
    slots.set(this.slots);
    const free = new Int32Array(cap);
    free.set(this.free);
    const slotGen = new Uint32Array(cap);
    slotGen.set(this.slotGen);
    const slotOffset = new Int32Array(cap);
    slotOffset.set(this.slotOffset);
    const slotLength = new Int32Array(cap);
    slotLength.set(this.slotLength);
    this.slotGen = slotGen;
    this.slotOffset = slotOffset;
    this.slotLength = slotLength;
    this.keys = keys;
    this.slots = slots;
    this.free = free;
  }

  /**
   * Applies flat `[price, size, ...]` levels in order; returns how many were ignored. With `keys`
   * (one per level, see levelKey) the strings are not converted; keys of another length are
   * not used.
   */
  apply(flat: readonly string[], keys?: readonly number[]): number {
    let ignored = 0;
    if (keys !== undefined && keys.length === flat.length >> 1) {
      for (let i = 0; i < keys.length; i++) {
        if (!this.setKeyed(keys[i]!, flat[2 * i]!, flat[2 * i + 1]!)) ignored++;
      }
      return ignored;
    }
    for (let i = 0; i + 1 < flat.length; i += 2) {
      if (!this.set(flat[i]!, flat[i + 1]!)) ignored++;
    }
    return ignored;
  }

  /**
   * Replaces the side with these levels (same meaning as clear + apply). Venues send them
   * best-first, which is our storage order reversed, so the common case is one pass of appends;
   * anything else (unsorted, duplicate prices) goes through apply().
   */
  load(flat: readonly string[], keys?: readonly number[]): number {
    this.clear();
    const keyed = keys !== undefined && keys.length === flat.length >> 1;
    let ignored = 0;
    let last = -Infinity;
    for (let i = (flat.length >> 1) - 1; i >= 0; i--) {
      const price = flat[2 * i]!;
      const size = flat[2 * i + 1]!;
      let p: number;
      let del: boolean;
      if (keyed) {
        const k = keys[i]!;
        del = k < 0;
        p = del ? -k : k;
      } else {
        const s = sizeKind(size);
        p = s < 0 ? NaN : toNumber(price);
        del = s === 0;
      }
      if (!(p > 0 && p < Infinity)) { ignored++; continue; }
      const key = this.sign * p;
      // Zero sizes take part in the order check so a duplicate "delete" is never skipped silently.
      if (!(key > last)) return this.loadUnsorted(flat, keyed ? keys : undefined);
      last = key;
      if (!del) this.insert(this.n, key, price, size);
    }
    return ignored;
  }

  private loadUnsorted(flat: readonly string[], keys: readonly number[] | undefined): number {
    this.clear();
    return this.apply(flat, keys);
  }

  /** The best `depth` levels as tuples, best first. */
  top(depth: number): [string, string][] {
    const end = Math.max(0, this.n - Math.max(0, depth));
    const out: [string, string][] = [];
    for (let i = this.n - 1; i >= end; i--) {
      const slot = this.slots[i]!;
      out.push([this.prices[slot]!, this.sizes[slot]!]);
    }
    return out;
  }

  /** The best `depth` levels as JSON text `[["price","size"],...]`, best first, no tuples built. */
  writeJson(depth: number): string {
    const n = this.n;
    const end = Math.max(0, n - Math.max(0, depth));
    if (end >= n) return '[]';
    // A side untouched near the top since the last flush (often: most updates land deeper) is not rebuilt.
    if (this.sideJson !== '' && depth === this.sideJsonDepth) return this.sideJson;
    const slots = this.slots;
    let out = '[' + this.levelJson(slots[n - 1]!);
    for (let i = n - 2; i >= end; i--) out += ',' + this.levelJson(slots[i]!);
    out += ']';
    out.charCodeAt(0); // flat: it is copied into every flush it is reused by
    this.sideJson = out;
    this.sideJsonDepth = depth;
    return out;
  }

  /**
   * writeJson() as UTF-8 bytes, written into `out` from `off`: returns where they end, or -1 when
   * `out` has too little room (then what was written there means nothing). A flush writes these
   * straight into its buffer: no strings to concatenate, flatten and encode per snapshot, which
   * was most of a flush's CPU. Reused whole, like writeJson(), until a level within `depth`
   * changes; then rebuilt from the last output's unchanged runs and the changed levels' strings.
   */
  writeJsonBytes(depth: number, out: Uint8Array, off: number): number {
    const n = this.n;
    const end = Math.max(0, n - Math.max(0, depth));
    if (end >= n) {
      if (out.length - off < 2) return -1;
      out[off] = OPEN_BRACKET;
      out[off + 1] = CLOSE_BRACKET;
      return off + 2;
    }
    if (this.bytesDepth === depth) {
      const len = this.bytesLength;
      if (out.length - off < len) return -1;
      out.set(this.bytes.subarray(0, len), off);
      return off + len;
    }
    const start = off;
    const slots = this.slots;
    const slotGen = this.slotGen;
    const slotOffset = this.slotOffset;
    const slotLength = this.slotLength;
    if (this.bytesGen >= MAX_GEN) { this.slotGen.fill(0); this.bytesGen = 1; } // after 4e9 rebuilds: start over
    const gen = this.bytesGen;
    const next = gen + 1;
    // The open run: prev[runFrom, runTo), to be copied at `off`.
    let runFrom = -1;
    let runTo = 0;
    if (out.length - off < 1) return this.shortOf();
    out[off++] = OPEN_BRACKET;
    for (let i = n - 1; i >= end; i--) {
      const slot = slots[i]!;
      if (slotGen[slot] === gen) {
        const at = slotOffset[slot]!;
        if (runFrom >= 0 && at === runTo + 1) { // next to the run's last level there: the comma between is in the run
          slotOffset[slot] = off - start + (at - runFrom); // the run lands at `off`
          runTo = at + slotLength[slot]!;
          slotGen[slot] = next;
          continue;
        }
        off = this.copyRun(out, off, runFrom, runTo);
        if (off < 0) return this.shortOf();
        if (i !== n - 1) out[off++] = COMMA;
        runFrom = at;
        runTo = at + slotLength[slot]!;
        slotOffset[slot] = off - start;
        slotGen[slot] = next;
        continue;
      }
      off = this.copyRun(out, off, runFrom, runTo);
      runFrom = -1;
      const price = this.prices[slot]!;
      const size = this.sizes[slot]!;
      // `,["` `","` `"]` and the strings at their longest (3 UTF-8 bytes per UTF-16 unit), and the closing `]`.
      if (off < 0 || out.length - off < (price.length + size.length) * 3 + 9) return this.shortOf();
      if (i !== n - 1) out[off++] = COMMA;
      const from = off;
      out[off++] = OPEN_BRACKET;
      out[off++] = QUOTE;
      off = writeText(out, off, price);
      out[off++] = QUOTE;
      out[off++] = COMMA;
      out[off++] = QUOTE;
      off = writeText(out, off, size);
      out[off++] = QUOTE;
      out[off++] = CLOSE_BRACKET;
      slotOffset[slot] = from - start;
      slotLength[slot] = off - from;
      slotGen[slot] = next;
    }
    off = this.copyRun(out, off, runFrom, runTo);
    if (off < 0 || out.length - off < 1) return this.shortOf();
    out[off++] = CLOSE_BRACKET;
    const len = off - start;
    if (this.bytes.length < len) this.bytes = new Uint8Array(Math.max(len, this.bytes.length * 2));
    this.bytes.set(out.subarray(start, off));
    this.bytesGen = next;
    this.bytesLength = len;
    this.bytesDepth = depth;
    return off;
  }

  /** Copies bytes[from, to) of the last output (the open run; none when `from` < 0) to `out` at `off`: the new end, or -1 when it does not fit (with a `]` after). */
  private copyRun(out: Uint8Array, off: number, from: number, to: number): number {
    if (from < 0 || off < 0) return off;
    const len = to - from;
    if (out.length - off < len + 1) return -1;
    const last = this.bytes;
    if (len <= SHORT_RUN) for (let k = from; k < to; k++) out[off++] = last[k]!;
    else { out.set(last.subarray(from, to), off); off += len; }
    return off;
  }

  /** The output did not fit: no level's offset is trusted any more (some were half updated). */
  private shortOf(): number {
    this.bytesGen += 2;
    this.bytesDepth = 0;
    return -1;
  }

  private levelJson(slot: number): string {
    let j = this.json[slot]!;
    if (j === '') {
      j = '["' + this.prices[slot]! + '","' + this.sizes[slot]! + '"]';
      // charCodeAt flattens the concatenation (a tree of five strings) into one: encoding a book
      // then copies one string per level instead of walking five (a third of a flush's encode time).
      j.charCodeAt(0);
      this.json[slot] = j;
    }
    return j;
  }
}
