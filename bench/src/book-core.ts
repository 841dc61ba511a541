// Book core: ns per level update of our OrderBook vs ccxt's OrderBookSide (Bids/Asks) and
// tardis-dev's OrderBook (red-black tree), all fed the same delta stream, at depth 50 and 1000.
// Ours keeps the venue's decimal strings; the others take numbers, so each is measured twice:
// converting the same strings with parseFloat (what a feed using them does) and with numbers
// pre-parsed (their best case). Ours too runs twice: from the strings alone, and with the
// numeric keys our parser hands over with them (BookEvent.bidKeys/askKeys, read in the same scan
// that validates the strings), computed up front here exactly as the rivals' numbers are. So the
// "same strings" verdict compares strings-only with parseFloat, and the "pre-parsed numbers"
// verdict compares keys with numbers: each side gets its numbers for free, and neither side pays
// for the other's parsing.
//
// Each candidate runs in a process of its own (book-core-child.ts), like every measured party;
// this process only asks them in turn, so they are interleaved (a noisy neighbour hurts them
// alike) but never run at once. Why it matters here: the harness loads ioredis, whose
// `class extends String` puts String.prototype into V8's slow mode and makes every charCodeAt
// in its process ~3x slower (see packages/feeds/src/lighter/string-proto.ts); and candidates
// sharing a process share the JIT's feedback (ours on strings and on keys run the same
// OrderBook code, ccxt's two rows the same OrderBookSide), which skews whichever runs second.
// Run alone: `npx tsx bench/src/book-core.ts [--quick]`.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OrderBook, levelKey } from '@ob/orderbook';
import { createRng } from '@ob/simulator/rng';
import type { Row } from './row';
import { compileChildren, spawnChild } from './rpc';

const SECTION = 'Book core';
/** Ours must be at least this many times faster than the faster competitor. */
export const GOAL_SPEEDUP = 2;
export const DEPTHS = [50, 1000] as const;
const TICK = 0.1;
/**
 * Deltas in the stream, replayed REPLAYS times per round. Kept small (~1.5 MB of strings) on
 * purpose: in the streamer each frame's strings were just made by the parser and sit in cache,
 * while a huge pre-built stream would mostly measure cache misses. Same for every candidate.
 */
const MESSAGES = 2_000;
const REPLAYS = 5;
const MID = 83_700;

/** Rounds per measurement: the first warms the JIT, the best of the others counts. */
const ROUNDS = 3;

export const CANDIDATES = [
  'ours (OrderBook, strings)',
  'ours (OrderBook, keys)',
  'ccxt OrderBookSide (numbers)',
  'ccxt OrderBookSide (parseFloat strings)',
  'tardis-dev OrderBook (numbers)',
  'tardis-dev OrderBook (parseFloat strings)',
] as const;
export type CandidateName = (typeof CANDIDATES)[number];

interface CcxtSide { storeArray(delta: number[]): void; length: number }
type CcxtSideCtor = new (deltas?: number[][], depth?: number) => CcxtSide;
interface Ccxt { Bids: CcxtSideCtor; Asks: CcxtSideCtor }
interface TardisBook { update(change: BookChange): void }
interface Tardis { OrderBook: new () => TardisBook }

/** ccxt keeps its order-book sides out of its export map; load the file beside its entry point. */
async function loadCcxt(): Promise<Ccxt> {
  const entry = createRequire(import.meta.url).resolve('ccxt'); // …/ccxt/dist/ccxt.cjs
  const file = join(dirname(entry), '..', 'js', 'src', 'base', 'ws', 'OrderBookSide.js');
  return (await import(pathToFileURL(file).href)) as { Bids: CcxtSideCtor; Asks: CcxtSideCtor };
}

interface Sides<T> { bids: T[]; asks: T[] }

export interface Stream {
  snapshot: Sides<string>;
  snapshotKeys: Sides<number>;
  /** Per message: flat [price, size, ...] strings per side (our input). */
  deltas: Sides<string>[];
  /** Per message: one key per level, as our parser hands them over with the strings. */
  keys: Sides<number>[];
  /** The same, as numbers (the competitors' best-case input). */
  numeric: { bids: number[]; asks: number[] }[];
  levels: number;
}

/**
 * A snapshot of `depth` levels a side, then deltas of 5–20 levels each, most near the top of the
 * book (like a real venue), ~25% deletes, so the book stays about `depth` deep.
 */
export function makeStream(depth: number, messages = MESSAGES): Stream {
  const r = createRng(depth); // seeded: the same stream on every run
  const px = (side: 'bids' | 'asks', i: number) => (side === 'bids' ? MID - i * TICK : MID + TICK + i * TICK).toFixed(1);
  const snapshot = { bids: [] as string[], asks: [] as string[] };
  for (let i = 0; i < depth; i++) {
    snapshot.bids.push(px('bids', i), (r() * 3 + 0.001).toFixed(5));
    snapshot.asks.push(px('asks', i), (r() * 3 + 0.001).toFixed(5));
  }
  const deltas: Stream['deltas'] = [];
  let levels = 0;
  for (let m = 0; m < messages; m++) {
    const d = { bids: [] as string[], asks: [] as string[] };
    const n = 5 + Math.floor(r() * 16);
    for (let k = 0; k < n; k++) {
      const side = r() < 0.5 ? 'bids' : 'asks';
      const i = Math.floor(r() * r() * depth * 1.25); // skewed to the top, sometimes past depth
      d[side].push(px(side, i), r() < 0.25 ? '0.00000' : (r() * 3 + 0.001).toFixed(5));
    }
    levels += n;
    deltas.push(d);
  }
  const numeric = deltas.map((d) => ({ bids: d.bids.map(Number), asks: d.asks.map(Number) }));
  const keysOf = (flat: string[]) => {
    const out: number[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push(levelKey(flat[i]!, flat[i + 1]!));
    return out;
  };
  const withKeys = (d: Sides<string>) => ({ bids: keysOf(d.bids), asks: keysOf(d.asks) });
  return { snapshot, snapshotKeys: withKeys(snapshot), deltas, keys: deltas.map(withKeys), numeric, levels };
}

/** Builds a fresh book from the snapshot and returns a function replaying the deltas once. */
export type Prepare = (s: Stream) => () => void;

/** One candidate's code; only its own library is loaded (each runs in a process of its own). */
export async function candidate(name: CandidateName): Promise<Prepare> {
  const ccxt = name.startsWith('ccxt') ? await loadCcxt() : undefined;
  const tardis = name.startsWith('tardis') ? (await import('tardis-dev')) as unknown as Tardis : undefined;
  const prepare = preparers(ccxt!, tardis!)[name];
  if (!prepare) throw new Error(`unknown candidate ${name}; known: ${CANDIDATES.join(', ')}`);
  return prepare;
}

function preparers(ccxt: Ccxt, tardis: Tardis): Record<CandidateName, Prepare> {
  const ccxtBook = (s: Stream) => {
    const bids = new ccxt.Bids([], Number.MAX_SAFE_INTEGER);
    const asks = new ccxt.Asks([], Number.MAX_SAFE_INTEGER);
    const sn = s.snapshot;
    for (let i = 0; i < sn.bids.length; i += 2) bids.storeArray([+sn.bids[i]!, +sn.bids[i + 1]!]);
    for (let i = 0; i < sn.asks.length; i += 2) asks.storeArray([+sn.asks[i]!, +sn.asks[i + 1]!]);
    return { bids, asks };
  };
  const tardisBook = (s: Stream) => {
    const book = new tardis.OrderBook();
    book.update(change(true, s.snapshot.bids.map(Number), s.snapshot.asks.map(Number)));
    return book;
  };
  return {
    'ours (OrderBook, strings)': (s) => {
      const book = new OrderBook();
      book.applySnapshot(s.snapshot.bids, s.snapshot.asks);
      return () => { for (const d of s.deltas) book.applyDelta(d.bids, d.asks); };
    },
    'ours (OrderBook, keys)': (s) => {
      const book = new OrderBook();
      const k = s.snapshotKeys;
      book.applySnapshot(s.snapshot.bids, s.snapshot.asks, k.bids, k.asks);
      return () => {
        const { deltas, keys } = s;
        for (let i = 0; i < deltas.length; i++) {
          const d = deltas[i]!;
          book.applyDelta(d.bids, d.asks, keys[i]!.bids, keys[i]!.asks);
        }
      };
    },
    'ccxt OrderBookSide (numbers)': (s) => {
      const { bids, asks } = ccxtBook(s);
      return () => {
        // ccxt stores the delta array itself, so each level needs a fresh one (as in ccxt's feeds)
        for (const d of s.numeric) {
          for (let i = 0; i < d.bids.length; i += 2) bids.storeArray([d.bids[i]!, d.bids[i + 1]!]);
          for (let i = 0; i < d.asks.length; i += 2) asks.storeArray([d.asks[i]!, d.asks[i + 1]!]);
        }
      };
    },
    'ccxt OrderBookSide (parseFloat strings)': (s) => {
      const { bids, asks } = ccxtBook(s);
      return () => {
        for (const d of s.deltas) {
          for (let i = 0; i < d.bids.length; i += 2) bids.storeArray([parseFloat(d.bids[i]!), parseFloat(d.bids[i + 1]!)]);
          for (let i = 0; i < d.asks.length; i += 2) asks.storeArray([parseFloat(d.asks[i]!), parseFloat(d.asks[i + 1]!)]);
        }
      };
    },
    'tardis-dev OrderBook (numbers)': (s) => {
      const book = tardisBook(s);
      const changes = s.numeric.map((d) => change(false, d.bids, d.asks));
      return () => { for (const c of changes) book.update(c); };
    },
    'tardis-dev OrderBook (parseFloat strings)': (s) => {
      const book = tardisBook(s);
      return () => {
        for (const d of s.deltas) book.update(change(false, d.bids.map((x) => parseFloat(x)), d.asks.map((x) => parseFloat(x))));
      };
    },
  };
}

type BookChange = ReturnType<typeof change>;

/** tardis-dev's normalized book_change message. */
function change(isSnapshot: boolean, bids: number[], asks: number[]) {
  const levels = (flat: number[]) => {
    const out: { price: number; amount: number }[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ price: flat[i]!, amount: flat[i + 1]! });
    return out;
  };
  const now = new Date(0);
  return {
    type: 'book_change' as const, symbol: 'BTC', exchange: 'binance' as const, isSnapshot,
    bids: levels(bids), asks: levels(asks), timestamp: now, localTimestamp: now,
  };
}

/** Best (lowest) ns per level update over `rounds`, each round on a fresh book. */
export function measure(prepare: Prepare, s: Stream, rounds = ROUNDS): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const run = prepare(s);
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < REPLAYS; k++) run();
    const ns = Number(process.hrtime.bigint() - t0) / (REPLAYS * s.levels);
    if (r > 0 || rounds === 1) best = Math.min(best, ns); // round 0 warms the JIT
  }
  return best;
}

/** What a candidate's process answers to `measure`. */
export interface Measured { ns: number; deltas: number; levels: number }

export async function benchBookCore(opts: { quick: boolean }): Promise<Row[]> {
  await compileChildren(['book-core-child.ts']);
  const kids = CANDIDATES.map((name) => spawnChild('book-core-child.ts', { name: `book-core: ${name}`, args: [name] }));
  const rows: Row[] = [];
  try {
    await Promise.all(kids.map((k) => k.once('ready')));
    for (const depth of DEPTHS) {
      const ns = new Map<CandidateName, number>(CANDIDATES.map((c) => [c, Infinity]));
      let stream: Measured | undefined;
      // Interleave candidates so a noisy neighbour on the machine hurts them alike; one at a time.
      for (let pass = 0; pass < (opts.quick ? 2 : 6); pass++) {
        for (const [i, kid] of kids.entries()) {
          stream = await kid.call<Measured>('measure', { depth });
          ns.set(CANDIDATES[i]!, Math.min(ns.get(CANDIDATES[i]!)!, stream.ns));
        }
      }
      for (const [name, v] of ns) {
        rows.push({ section: SECTION, name: `${name}, depth ${depth}`, value: Math.round(v), unit: 'ns/level',
          note: `${stream!.deltas} deltas (${stream!.levels} level updates) × ${REPLAYS}, best round` });
      }
      // Judged twice: against rivals fed the same strings, and against their best case (numbers),
      // where ours gets the parser's keys (see the header).
      for (const [input, mine] of [['parseFloat strings', 'strings'], ['numbers', 'keys']] as const) {
        const [rivalName, rival] = [...ns.entries()].filter(([n]) => n.endsWith(`(${input})`)).sort((a, b) => a[1] - b[1])[0]!;
        const speedup = rival / ns.get(`ours (OrderBook, ${mine})`)!;
        rows.push({ section: SECTION, name: `speedup vs fastest rival on ${input === 'numbers' ? 'pre-parsed numbers' : 'the same strings'}, depth ${depth}`,
          value: Math.round(speedup * 100) / 100, unit: 'x', goal: `>= ${GOAL_SPEEDUP}`, met: speedup >= GOAL_SPEEDUP,
          note: `ours on ${mine}; fastest: ${rivalName}` });
      }
    }
  } finally {
    await Promise.all(kids.map((k) => k.close()));
  }
  return rows;
}

// Run alone from source (bundled into book-core-child.js, this module has the child's URL).
if (import.meta.url.endsWith('/book-core.ts') && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await benchBookCore({ quick: process.argv.includes('--quick') });
  for (const r of rows) {
    const verdict = r.met === undefined ? '' : r.met ? '  (met)' : '  (NOT met)';
    console.log(`${r.name.padEnd(58)} ${String(r.value).padStart(8)} ${r.unit ?? ''}${r.goal ? `  goal ${r.goal}` : ''}${verdict}`);
  }
}
