// The venue's frame source, without any I/O: every market's book and walk, a weighted choice of
// which market moves next, and the true books. The simulator's server sends what it makes;
// benchmarks can use it alone ("firehose").
//
// Firehose use, in a separate process that sends as fast as TCP backpressure allows:
//
//   import { createFrameGenerator } from '@ob/simulator';
//   const gen = createFrameGenerator({ markets: 45, seed: 1 });
//   // REST: serve gen.orderBooksBody() at /api/v1/orderBooks.
//   // On {"type":"subscribe","channel":"order_book/N"}: ws.send(gen.snapshot(N)).
//   // Then in a loop: send a burst while ws.bufferedAmount is under your bound, else yield
//   // (setImmediate) and look again; that paces the sender to what TCP takes.
//   for (let i = 0; i < 1000; i++) ws.send(gen.next());
//   // Compare what the streamer wrote with gen.trueBook(id) once you stop sending.
//
// Every update is generated centrally and advances that market's nonce, so a sender must send
// every update of a subscribed market (or the receiver sees a gap, correctly). The sequence of
// frames depends only on the seed and the order of calls (timestamps aside).
import { DEFAULT_MARKETS, marketCatalogue, orderBookDetailsBody, orderBooksBody, type CatalogueOptions, type MarketSpec } from './catalogue';
import { weightedPicker } from './common/weighted-pick';
import { createMarketSim, MIN_LEVELS, type MarketSim, type TrueBook } from './market';
import { createRng } from './rng';

export const DEFAULT_LEVELS = 50;
/** A snapshot of more levels than this is not what a venue sends, and a client may refuse it. */
export const MAX_LEVELS = 2_000;
export const DEFAULT_SEED = 42;

export interface FrameGeneratorOptions extends CatalogueOptions {
  /** Active perps (default 45, Lighter's ids and symbols); two inactive ones follow in the list. */
  markets?: number;
  /** Further active markets with these symbols, after the `markets` ones (ids follow on). */
  extraSymbols?: readonly string[];
  seed?: number;
  /** Levels per side at start; counts stay within ±20 % of it. */
  levels?: number;
}

export interface FrameGenerator {
  /** Active markets, ascending by id. */
  markets(): readonly MarketSpec[];
  /** Every market the venue lists, inactive ones included. */
  catalogue(): readonly MarketSpec[];
  /** The body of GET /api/v1/orderBooks. */
  orderBooksBody(): string;
  /** The body of GET /api/v1/orderBookDetails (perps and spot apart, as the venue recommends). */
  orderBookDetailsBody(): string;
  /** Lists a new active market (a new listing); returns its spec. Its id must be new. */
  list(spec: Omit<MarketSpec, 'status'>): MarketSpec;
  /** Delists a market: inactive in the list, no more updates, its snapshot refused. */
  delist(marketId: number): void;
  /** True for an active market id. */
  has(marketId: number): boolean;
  /** A market id chosen by weight (hot markets most often); -1 when every market is quiet. */
  pick(): number;
  /** The next `update/order_book` frame of that market (its book applies it). */
  update(marketId: number, ts?: number): string;
  /** `update(pick())`. */
  next(ts?: number): string;
  /** A `subscribed/order_book` frame with the whole current book. */
  snapshot(marketId: number, ts?: number): string;
  trueBook(marketId: number): TrueBook;
  /** The market's last nonce (cheaper than trueBook). */
  nonce(marketId: number): number;
  skipNonce(marketId: number): void;
  /** Updates generated so far (also the venue's running `offset`). */
  generated(): number;
}

export function createFrameGenerator(opts: FrameGeneratorOptions = {}): FrameGenerator {
  const levels = opts.levels ?? DEFAULT_LEVELS;
  if (!Number.isInteger(levels) || levels < MIN_LEVELS + 2 || levels > MAX_LEVELS) {
    throw new RangeError(`levels must be an integer in ${MIN_LEVELS + 2}..${MAX_LEVELS}, got ${levels}`);
  }
  const rng = createRng(opts.seed ?? DEFAULT_SEED);
  const all = marketCatalogue(opts.markets ?? DEFAULT_MARKETS, opts);
  let active = all.filter((m) => m.status === 'active');
  // Indexed by market id (sparse when ids are: spot ids start at 2048, new listings above).
  const sims: MarketSim[] = [];
  for (const m of active) sims[m.id] = createMarketSim(m, rng, levels);
  let pickIndex = () => -1;
  let bodies: { books: string; details: string } | undefined;
  const reweigh = () => {
    pickIndex = weightedPicker(active.map((m) => m.weight), rng);
    bodies = undefined;
  };
  reweigh();
  const listBodies = () => (bodies ??= { books: orderBooksBody(all), details: orderBookDetailsBody(all) });
  let offset = 0;

  const sim = (id: number): MarketSim => {
    const s = Number.isInteger(id) && id >= 0 ? sims[id] : undefined;
    if (!s) throw new RangeError(`no active market ${id}`);
    return s;
  };

  /** A market id by weight; -1 when every market is quiet. */
  const pick = () => {
    const i = pickIndex();
    return i < 0 ? -1 : active[i]!.id;
  };

  const update = (id: number, ts = Date.now()) => sim(id).update(ts, ++offset);

  return {
    markets: () => active,
    catalogue: () => all,
    orderBooksBody: () => listBodies().books,
    orderBookDetailsBody: () => listBodies().details,
    has: (id) => Number.isInteger(id) && id >= 0 && sims[id] !== undefined,
    list(spec) {
      if (!Number.isInteger(spec.id) || spec.id < 0 || spec.id > 1_000_000) throw new RangeError(`market id must be an integer in 0..1000000, got ${spec.id}`);
      if (all.some((m) => m.id === spec.id || m.symbol === spec.symbol)) throw new RangeError(`market ${spec.id} ${spec.symbol} is already listed`);
      const m: MarketSpec = { ...spec, status: 'active' };
      all.push(m);
      active.push(m);
      sims[m.id] = createMarketSim(m, rng, levels);
      reweigh();
      return m;
    },
    delist(id) {
      const m = all.find((x) => x.id === id && x.status === 'active');
      if (!m) throw new RangeError(`no active market ${id}`);
      m.status = 'inactive';
      active = active.filter((x) => x.id !== id);
      delete sims[id];
      reweigh();
    },
    pick,
    update,
    next(ts) {
      const id = pick();
      if (id < 0) throw new RangeError('every market is quiet: nothing to generate');
      return update(id, ts);
    },
    snapshot: (id, ts = Date.now()) => sim(id).snapshot(ts, offset),
    trueBook: (id) => sim(id).trueBook(),
    nonce: (id) => sim(id).nonce(),
    skipNonce: (id) => sim(id).skipNonce(),
    generated: () => offset,
  };
}
