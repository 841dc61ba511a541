// A ring of pre-generated Lighter update frames, so the generator process can send hundreds of
// thousands of frames per second without generating them live (createFrameGenerator makes
// ~270k/s on a free core: it would be the bottleneck).
//
// The ring is K frames from @ob/simulator's generator followed by their K inverses in reverse
// order, so every state of a book during a cycle is one the generator really produced and a
// full cycle brings every book back to its starting state. Nonces are rewritten at send time
// (each market's continue across cycles), so the receiver sees an endless gap-free stream and
// the true book after any number of frames is known: the start state plus the cycle's prefix.
import { createFrameGenerator, type MarketSpec } from '@ob/simulator';

/** A book side as a model: price string → size string (no zero sizes). */
export type SideModel = Map<string, string>;
export interface BookModel { bids: SideModel; asks: SideModel }
export interface TrueTop { nonce: number; bids: [string, string][]; asks: [string, string][] }

export interface Ring {
  readonly markets: readonly MarketSpec[];
  /** Body of GET /api/v1/orderBooks. */
  readonly orderBooksBody: string;
  /** Frames per cycle (2K). */
  readonly size: number;
  /** Market id of each frame. */
  readonly market: Uint16Array;
  /** Frame text up to and including `"nonce":`. */
  readonly head: readonly string[];
  /** Frame text after the timestamp value. */
  readonly tail: readonly string[];
  /** Each market's nonce before the first frame. */
  readonly startNonce: readonly number[];
  /** Each market's book before the first frame (and after every full cycle). */
  startBook(id: number): BookModel;
  /** Builds a frame: the ring's frame `i` with these nonces and timestamp. */
  frame(i: number, nonce: number, beginNonce: number, ts: number): string;
  /** The book of market `id` after the first `pos` frames of a cycle (pos in 0..size). */
  bookAt(id: number, pos: number): BookModel;
}

export interface RingOptions { markets: number; seed: number; /** Forward frames; the cycle is twice this. */ forward: number }

const NONCE_KEY = '"nonce":';
const TS_KEY = '},"timestamp":';

interface Level { price: string; size: string }
interface ParsedBook { asks: Level[]; bids: Level[] }

const isZero = (size: string) => Number(size) === 0;

export function applyLevels(side: SideModel, levels: readonly Level[]): void {
  for (const l of levels) {
    if (isZero(l.size)) side.delete(l.price);
    else side.set(l.price, l.size);
  }
}

const cloneBook = (b: BookModel): BookModel => ({ bids: new Map(b.bids), asks: new Map(b.asks) });

function levelsJson(levels: readonly Level[]): string {
  let s = '';
  for (let i = 0; i < levels.length; i++) s += `${i ? ',' : ''}{"price":"${levels[i]!.price}","size":"${levels[i]!.size}"}`;
  return s;
}

/** The inverse of one side of a delta: each touched price back to its size before the delta. */
function inverse(side: SideModel, levels: readonly Level[]): Level[] {
  const seen = new Set<string>();
  const out: Level[] = [];
  for (const l of levels) {
    if (seen.has(l.price)) continue;
    seen.add(l.price);
    out.push({ price: l.price, size: side.get(l.price) ?? '0' });
  }
  return out;
}

/** Levels cut at depth, best first: bids descending, asks ascending by numeric price. */
export function topOf(book: BookModel, depth: number): { bids: [string, string][]; asks: [string, string][] } {
  const sorted = (m: SideModel, dir: number) =>
    [...m.entries()].sort((a, b) => dir * (Number(a[0]) - Number(b[0]))).slice(0, depth);
  return { bids: sorted(book.bids, -1), asks: sorted(book.asks, 1) };
}

/** A `subscribed/order_book` frame with the whole book, in the venue's key order. */
export function snapshotFrame(id: number, book: BookModel, nonce: number, ts: number): string {
  const { bids, asks } = topOf(book, Number.MAX_SAFE_INTEGER);
  const side = (l: [string, string][]) => levelsJson(l.map(([price, size]) => ({ price, size })));
  return `{"channel":"order_book:${id}","offset":0,"order_book":{"code":0,"asks":[${side(asks)}],"bids":[${side(bids)}],` +
    `"offset":0,"nonce":${nonce},"begin_nonce":0},"timestamp":${ts},"type":"subscribed/order_book"}`;
}

export function createRing(opts: RingOptions): Ring {
  const gen = createFrameGenerator({ markets: opts.markets, seed: opts.seed });
  const markets = gen.markets();
  const models: BookModel[] = [];
  const starts: BookModel[] = [];
  const startNonce: number[] = [];
  for (const m of markets) {
    const t = gen.trueBook(m.id);
    const b: BookModel = { bids: new Map(t.bids), asks: new Map(t.asks) };
    models[m.id] = b;
    starts[m.id] = cloneBook(b);
    startNonce[m.id] = t.nonce;
  }

  const K = opts.forward;
  const size = 2 * K;
  const market = new Uint16Array(size);
  const head: string[] = new Array(size);
  const tail: string[] = new Array(size);
  const inverses: { id: number; asks: Level[]; bids: Level[] }[] = new Array(K);

  for (let i = 0; i < K; i++) {
    const text = gen.next(0);
    const f = JSON.parse(text) as { channel: string; order_book: ParsedBook };
    const id = Number(f.channel.slice(f.channel.indexOf(':') + 1));
    const b = models[id]!;
    inverses[i] = { id, asks: inverse(b.asks, f.order_book.asks), bids: inverse(b.bids, f.order_book.bids) };
    applyLevels(b.asks, f.order_book.asks);
    applyLevels(b.bids, f.order_book.bids);
    const n = text.indexOf(NONCE_KEY);
    const t = text.indexOf(TS_KEY, n);
    const tsEnd = text.indexOf(',', t + TS_KEY.length);
    if (n < 0 || t < 0 || tsEnd < 0) throw new Error(`ring: unexpected frame layout: ${text.slice(0, 200)}`);
    market[i] = id;
    head[i] = text.slice(0, n + NONCE_KEY.length);
    tail[i] = text.slice(tsEnd);
  }
  // Our model must agree with the simulator's own book, or the ring's inverses are wrong.
  for (const m of markets) {
    const t = gen.trueBook(m.id);
    const mine = topOf(models[m.id]!, Number.MAX_SAFE_INTEGER);
    if (JSON.stringify(mine.bids) !== JSON.stringify(t.bids) || JSON.stringify(mine.asks) !== JSON.stringify(t.asks)) {
      throw new Error(`ring: model of market ${m.id} differs from the simulator's book`);
    }
  }
  for (let j = 0; j < K; j++) {
    const inv = inverses[K - 1 - j]!;
    const i = K + j;
    market[i] = inv.id;
    head[i] = `{"channel":"order_book:${inv.id}","offset":0,"order_book":{"code":0,"asks":[${levelsJson(inv.asks)}],` +
      `"bids":[${levelsJson(inv.bids)}],"offset":0,${NONCE_KEY}`;
    tail[i] = ',"type":"update/order_book"}';
  }

  const frame = (i: number, nonce: number, beginNonce: number, ts: number) =>
    `${head[i]}${nonce},"begin_nonce":${beginNonce}${TS_KEY}${ts}${tail[i]}`;

  return {
    markets,
    orderBooksBody: gen.orderBooksBody(),
    size,
    market,
    head,
    tail,
    startNonce,
    startBook: (id) => cloneBook(starts[id]!),
    frame,
    bookAt(id, pos) {
      const b = cloneBook(starts[id]!);
      for (let i = 0; i < pos && i < size; i++) {
        if (market[i] !== id) continue;
        const f = JSON.parse(frame(i, 1, 0, 0)) as { order_book: ParsedBook };
        applyLevels(b.asks, f.order_book.asks);
        applyLevels(b.bids, f.order_book.bids);
      }
      return b;
    },
  };
}
