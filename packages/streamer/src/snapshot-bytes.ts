// The Redis value of one book as UTF-8 bytes: the snapshot layout in DESIGN.md, written straight
// from the book (OrderBook.writeLevelsBytes) and the market's fields, numbers as digits. Built as
// a string it cost three passes over every snapshot at the seed's load (concatenating the levels,
// flattening the result, UTF-8 encoding it into the pipeline): two fifths of the engine's CPU.
// A crossed book (best bid >= best ask) is written as the venue sent it, flagged "crossed":true
// at the end, so readers can decide; the key is absent otherwise.
import type { MarketState } from './market-state';

/** A market's snapshot buffers start at this size and double when a snapshot does not fit (deep books). */
const INITIAL_BUFFER_BYTES = 4 * 1024;
/** Room for one number's digits or its String() form (at most 24 characters). */
const NUMBER_ROOM = 32;

const KEY_SEQ = bytes(',"seq":');
const KEY_EXCHANGE_TS = bytes(',"exchangeTs":');
const KEY_RECEIVED_TS = bytes(',"receivedTs":');
const KEY_WRITTEN_TS = bytes(',"writtenTs":');
const KEY_BIDS = bytes(',"bids":');
const KEY_ASKS = bytes(',"asks":');
const END_CROSSED = bytes(',"crossed":true}');
const END = bytes('}');
/** The fixed parts' room, numbers included. */
const FIXED_ROOM = KEY_SEQ.length + KEY_EXCHANGE_TS.length + KEY_RECEIVED_TS.length + KEY_WRITTEN_TS.length
  + KEY_BIDS.length + KEY_ASKS.length + END_CROSSED.length + 4 * NUMBER_ROOM;

/**
 * Each market's snapshots are encoded into two buffers of its own, in turn: one holds the last
 * snapshot Redis acked (MarketState.writtenSnapshot, which the written-book view and a cluster
 * sink's failover rewrite read), the other takes the next write. A Buffer per snapshot instead
 * (a new ArrayBuffer every few, from Node's pool) tripled the garbage collections at the seed's
 * load and cost more than the encoding saved. A market is encoded again only once its previous
 * write has settled (one flush at a time), so the buffer a write holds is not touched before.
 */
export class SnapshotEncoder {
  /** Per market (the store keeps each one for good), `{"venue":…,"market":…,"symbol":…[,"instrument":…]`: the same in every snapshot. */
  private readonly heads = new Map<MarketState, Buffer>();
  private scratch = Buffer.allocUnsafe(INITIAL_BUFFER_BYTES);

  constructor(private readonly venueJson: string) {}

  /** The market's snapshot at `depth`, in its next buffer: valid until the market's write after next (see acked()). */
  encode(m: MarketState, depth: number, writtenTs: number, crossed = false): Buffer {
    let buf = m.snapshotBuffer ?? Buffer.allocUnsafe(INITIAL_BUFFER_BYTES);
    let end;
    while ((end = this.write(m, depth, writtenTs, crossed, buf)) < 0) buf = Buffer.allocUnsafe(buf.length * 2);
    m.snapshotBuffer = buf;
    return buf.subarray(0, end);
  }

  /** The snapshot as a Buffer of its own (a stream entry beside the market's snapshot). */
  encodeCopy(m: MarketState, depth: number, writtenTs: number, crossed = false): Buffer {
    let end;
    while ((end = this.write(m, depth, writtenTs, crossed, this.scratch)) < 0) this.scratch = Buffer.allocUnsafe(this.scratch.length * 2);
    return Buffer.from(this.scratch.subarray(0, end));
  }

  /** Redis acked `snapshot`, the market's last encode: it is kept as written, and the other buffer takes the next. */
  acked(m: MarketState, snapshot: Buffer): void {
    if (m.snapshotBuffer !== undefined && snapshot.buffer === m.snapshotBuffer.buffer) {
      const next = m.writtenBuffer;
      m.writtenBuffer = m.snapshotBuffer;
      m.snapshotBuffer = next;
    }
    m.writtenSnapshot = snapshot;
  }

  private head(m: MarketState): Buffer {
    let h = this.heads.get(m);
    if (h === undefined) {
      h = Buffer.from('{"venue":' + this.venueJson + ',"market":' + m.id + ',"symbol":' + m.symbolJson + m.instrumentJson);
      this.heads.set(m, h);
    }
    return h;
  }

  /** The snapshot into `out` from 0: its end, or -1 when `out` is too short. */
  private write(m: MarketState, depth: number, writtenTs: number, crossed: boolean, out: Buffer): number {
    const head = this.head(m);
    if (out.length < head.length + FIXED_ROOM) return -1;
    let off = head.copy(out, 0);
    off = put(out, off, KEY_SEQ);
    off = putNumber(out, off, m.seq);
    off = put(out, off, KEY_EXCHANGE_TS);
    off = putNumber(out, off, m.exchangeTs);
    off = put(out, off, KEY_RECEIVED_TS);
    off = putNumber(out, off, m.receivedTs);
    off = put(out, off, KEY_WRITTEN_TS);
    off = putNumber(out, off, writtenTs);
    off = put(out, off, KEY_BIDS);
    off = m.book.writeLevelsBytes('bids', depth, out, off);
    if (off < 0 || out.length - off < KEY_ASKS.length) return -1;
    off = put(out, off, KEY_ASKS);
    off = m.book.writeLevelsBytes('asks', depth, out, off);
    const end = crossed ? END_CROSSED : END;
    if (off < 0 || out.length - off < end.length) return -1;
    return put(out, off, end);
  }
}

/** Best bid at or above best ask (numbers from the book; NaN on an empty side is never crossed). */
export const isCrossed = (bid: number, ask: number) => bid >= ask;

function bytes(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s, 'latin1'));
}

/** A short constant, byte by byte (cheaper than a native copy at this length). */
function put(out: Uint8Array, off: number, b: Uint8Array): number {
  for (let i = 0; i < b.length; i++) out[off++] = b[i]!;
  return off;
}

/** A number as JavaScript writes it (what the string snapshot had): digits for the usual non-negative integers. */
function putNumber(out: Buffer, off: number, v: number): number {
  if (!(v >= 0 && v <= Number.MAX_SAFE_INTEGER && Math.floor(v) === v)) return off + out.write(String(v), off, 'latin1');
  let digits = 1;
  for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
  for (let i = off + digits - 1, x = v; i >= off; i--) {
    const q = Math.floor(x / 10);
    out[i] = 48 + (x - q * 10);
    x = q;
  }
  return off + digits;
}
