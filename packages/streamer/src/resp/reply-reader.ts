// Splits the bytes Redis sends back into whole RESP2 replies, across any chunk boundaries. The
// sink mostly needs only to know when each reply is complete and whether it was an error, so
// values are decoded only when asked for (the keeper's EXPIRE counts, the handshake's INFO):
// otherwise simple strings, integers and bulk strings are skipped, arrays counted.

/** A decoded reply: an integer, a bulk string's text, null for a null bulk; undefined when not decoded. */
export type ReplyValue = number | string | null | undefined;

const CR = 13;
const PLUS = 0x2b;
const MINUS = 0x2d;
const COLON = 0x3a;
const DOLLAR = 0x24;
const STAR = 0x2a;

/** A reply byte stream that is not RESP2 (wrong server, desynchronized stream): drop the connection. */
export class RespProtocolError extends Error {}

export class ReplyReader {
  /** Bytes of an incomplete reply, kept for the next chunk. */
  private rest: Buffer | undefined;
  /** Elements still due in each open array, innermost last. */
  private open: number[] = [];

  /**
   * `onReply(error, value)` runs once per top-level reply; `error` is the text of an error reply.
   * `value` is decoded only when `wantsValue()` says so as the reply starts: an integer's number,
   * a bulk string's text (null for a null bulk); undefined otherwise and for arrays.
   */
  constructor(
    private readonly onReply: (error: string | undefined, value?: ReplyValue) => void,
    private readonly wantsValue: () => boolean = () => false,
  ) {}

  feed(chunk: Buffer): void {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    this.rest = undefined;
    let i = 0;
    while (i < buf.length) {
      const cr = buf.indexOf(CR, i);
      if (cr < 0 || cr + 1 >= buf.length) break; // header line not complete yet
      const type = buf[i];
      let next = cr + 2;
      let error: string | undefined;
      let value: ReplyValue;
      const decode = this.open.length === 0 && this.wantsValue();
      if (type === MINUS) {
        error = buf.toString('utf8', i + 1, cr);
      } else if (type === DOLLAR) {
        const n = this.length(buf, i, cr);
        if (n >= 0) {
          next = cr + 2 + n + 2;
          if (next > buf.length) break; // body not complete yet
          if (decode) value = buf.toString('utf8', cr + 2, cr + 2 + n);
        } else if (decode) value = null;
      } else if (type === COLON) {
        if (decode) value = Number(buf.toString('latin1', i + 1, cr));
      } else if (type === STAR) {
        const n = this.length(buf, i, cr);
        if (n > 0) { this.open.push(n); i = next; continue; }
      } else if (type !== PLUS) {
        throw new RespProtocolError(`unexpected RESP reply type byte 0x${(type ?? 0).toString(16)}`);
      }
      i = next;
      this.complete(error, value);
    }
    // Copied: a view would pin the socket's whole chunk until the reply completes.
    if (i < buf.length) this.rest = Buffer.from(buf.subarray(i));
  }

  /** Drops a partial reply (the connection it came from is gone). */
  reset(): void {
    this.rest = undefined;
    this.open.length = 0;
  }

  private length(buf: Buffer, from: number, cr: number): number {
    const n = Number(buf.toString('latin1', from + 1, cr));
    if (!Number.isInteger(n) || n < -1) throw new RespProtocolError(`bad RESP length "${buf.toString('latin1', from + 1, cr)}"`);
    return n;
  }

  /** One value is complete: it closes array elements, or is itself a whole reply. */
  private complete(error: string | undefined, value: ReplyValue): void {
    const open = this.open;
    while (open.length > 0) {
      if (--open[open.length - 1]! > 0) return;
      open.pop(); // that array is complete, and is itself one element of its parent
      error = undefined; // errors inside arrays (EXEC results) are not the sink's; never sent
      value = undefined;
    }
    this.onReply(error, value);
  }
}
