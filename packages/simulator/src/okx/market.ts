// One OKX swap: its true book, its seqId chain and its `books` frames (snapshot, updates, the
// empty heartbeat of a quiet book), each with the checksum of the book after it. Faults: a
// broken prevSeqId, a wrong checksum, a sequence restart (seqId below prevSeqId, still chained).
import { crc32 } from 'node:zlib';
import type { Rng } from '../rng';
import { BookWalk, type WalkSpec } from '../common/book-walk';
import type { Side } from '../side';

/** The `books` channel carries 400 levels a side. */
export const BOOK_LEVELS = 400;
const CHECKSUM_LEVELS = 25;

export interface OkxTrueBook {
  seqId: number;
  bids: [string, string][];
  asks: [string, string][];
}

export class OkxMarket {
  readonly walk: BookWalk;
  private seqId: number;
  private breakNext = false;
  private badChecksumNext = false;
  private resetNext = false;
  /** When this book last sent anything to its subscribers (the heartbeat is due 60 s after). */
  lastPushAt = Date.now();

  private readonly arg: string;

  constructor(readonly spec: WalkSpec, private readonly rng: Rng, levels: number) {
    this.walk = new BookWalk(spec, rng, levels);
    this.arg = `{"channel":"books","instId":"${spec.symbol}"}`;
    this.seqId = 100_000 + Math.floor(rng() * 1_000_000);
  }

  breakSeq(): void { this.breakNext = true; }
  badChecksum(): void { this.badChecksumNext = true; }
  resetSequence(): void { this.resetNext = true; }

  /** The signed CRC32 of the top 25 interleaved bid/ask levels, as the venue computes it. */
  checksum(): number {
    const { bids, asks } = this.walk;
    const parts: string[] = [];
    const n = Math.min(CHECKSUM_LEVELS, Math.max(bids.length, asks.length));
    for (let i = 0; i < n; i++) {
      if (i < bids.length) parts.push(bids.prices[i]!, bids.sizes[i]!);
      if (i < asks.length) parts.push(asks.prices[i]!, asks.sizes[i]!);
    }
    return crc32(parts.join(':')) | 0;
  }

  update(now: number, zeroChecksum: boolean): string {
    this.walk.step();
    const prev = this.breakNext ? this.seqId + 1 + Math.floor(this.rng() * 5) : this.seqId;
    this.seqId = this.resetNext ? 1 + Math.floor(this.rng() * 10) : this.seqId + 1 + Math.floor(this.rng() * 12);
    this.breakNext = false;
    this.resetNext = false;
    const w = this.walk;
    return this.frame('update', this.changes(w.bids, w.changedBids), this.changes(w.asks, w.changedAsks), prev, now, zeroChecksum);
  }

  snapshot(now: number, zeroChecksum: boolean): string {
    const w = this.walk;
    return this.frame('snapshot', this.levels(w.bids), this.levels(w.asks), -1, now, zeroChecksum);
  }

  /** No depth change for a while: an empty update, seqId = prevSeqId. */
  heartbeat(now: number, zeroChecksum: boolean): string {
    return this.frame('update', '', '', this.seqId, now, zeroChecksum);
  }

  trueBook(): OkxTrueBook {
    return { seqId: this.seqId, bids: this.walk.bids.levels(), asks: this.walk.asks.levels() };
  }

  private frame(action: string, bids: string, asks: string, prev: number, now: number, zero: boolean): string {
    let checksum = zero ? 0 : this.checksum();
    if (this.badChecksumNext && !zero) { checksum = (checksum + 1) | 0; this.badChecksumNext = false; }
    return `{"arg":${this.arg},"action":"${action}","data":[{"asks":[${asks}],"bids":[${bids}],"ts":"${now}",` +
      `"checksum":${checksum},"prevSeqId":${prev},"seqId":${this.seqId}}]}`;
  }

  private changes(side: Side, ticks: readonly number[]): string {
    let s = '';
    for (let k = 0; k < ticks.length; k++) {
      const t = ticks[k]!;
      const size = this.walk.sizeAt(side, t);
      s += `${k === 0 ? '' : ','}["${this.walk.priceOf(t)}","${size ?? '0'}","0","${size === undefined ? 0 : 1 + (t % 7)}"]`;
    }
    return s;
  }

  private levels(side: Side): string {
    let s = '';
    const n = Math.min(BOOK_LEVELS, side.length);
    for (let i = 0; i < n; i++) s += `${i === 0 ? '' : ','}["${side.prices[i]}","${side.sizes[i]}","0","${1 + (side.ticks[i]! % 7)}"]`;
    return s;
  }
}
