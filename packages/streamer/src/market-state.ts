// Everything the engine keeps per market. One object per market, created once: the hot path
// only mutates numbers on it.
import { instrumentName, type Instrument, type MarketInfo } from '@ob/core';
import { OrderBook } from '@ob/orderbook';

/** Where a market is in its write cycle. */
export const IDLE = 0;      // nothing unwritten
export const PENDING = 1;   // changed; in the pending queue
export const HELD = 2;      // changed, but selective updates hold it until it moves or gets stale

/** Per-market rates are averaged over this many one-second buckets. */
export const RATE_WINDOW_S = 10;

export class MarketState {
  readonly book = new OrderBook();
  /** JSON-escaped once, reused in every snapshot. */
  readonly symbolJson: string;
  /** `BTC-USDC-PERP`, or '' when the venue's list gives none; and its JSON member for the snapshot. */
  readonly instrument: string;
  readonly instrumentJson: string;
  state = IDLE;
  /** False until a snapshot; false again after a gap or disconnect until the next one. */
  valid = false;
  /** Receive time of the first change not yet written (ms). */
  firstChangeTs = 0;
  /** When it last entered the pending queue: the batch interval runs from here (a held market re-queued by a new change waits a full interval again). */
  queuedTs = 0;
  seq = 0;
  exchangeTs = 0;
  receivedTs = 0;
  messages = 0;
  writes = 0;
  gaps = 0;
  lastWriteTs = 0;
  /** Best prices in the last written snapshot, for selective updates. */
  writtenBid = NaN;
  writtenAsk = NaN;
  /** The last snapshot Redis acked, as written (JSON bytes, before any compression), and its depth; undefined until then. */
  writtenSnapshot: Buffer | undefined = undefined;
  /** The two buffers the snapshots are encoded into in turn (snapshot-bytes.ts): the next write's, and the one behind writtenSnapshot. */
  snapshotBuffer: Buffer | undefined = undefined;
  writtenBuffer: Buffer | undefined = undefined;
  writtenDepth = 0;
  /** Best levels of the last top-of-book stream entry Redis acked (stream=top); '' when unknown. */
  streamedTop = '';
  /** The form of the last acked write (gzip or not): the key the keeper refreshes. */
  writtenCompressed = false;
  /** When Redis last confirmed this market's key (a write or the keeper's EXPIRE acked), ms; 0 = never. */
  confirmedTs = 0;
  /** Written at the next flush whatever selective updates say: its key is gone from Redis (keeper.ts). */
  mustWrite = false;
  /** Snapshots written while the book was crossed (best bid >= best ask), and whether the last one was. */
  crossedWrites = 0;
  lastWriteCrossed = false;
  /** Since when the market has had no valid book (ms): subscribed and waiting, or after a gap; 0 while valid. */
  noBookSince = 0;
  /** Whether it ever had a book since subscribed: "no book yet" versus "resyncing". */
  everValid = false;
  /** Per-second message and write counts, a ring of RATE_WINDOW_S buckets. */
  readonly msgBuckets = new Float64Array(RATE_WINDOW_S);
  readonly writeBuckets = new Float64Array(RATE_WINDOW_S);
  msgsAtTick = 0;
  writesAtTick = 0;

  constructor(readonly id: number, readonly symbol: string, instrument: Instrument | undefined = undefined) {
    this.symbolJson = JSON.stringify(symbol);
    this.instrument = instrument ? instrumentName(instrument) : '';
    this.instrumentJson = instrument ? ',"instrument":' + JSON.stringify(this.instrument) : '';
  }

  static of(info: MarketInfo): MarketState {
    return new MarketState(info.id, info.symbol, info.instrument);
  }
}
