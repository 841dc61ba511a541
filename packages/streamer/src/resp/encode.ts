// RESP2 request bytes. Lengths are in bytes, never UTF-16 units.

/** One bulk string as text: `$<bytes>\r\n<s>\r\n`. */
export const bulk = (s: string) => '$' + Buffer.byteLength(s) + '\r\n' + s + '\r\n';

/** The start of a command of `argc` arguments (name included) as text: its first arguments given, the rest to follow. */
export const commandHead = (argc: number, ...first: string[]) => '*' + argc + '\r\n' + first.map(bulk).join('');

/** One command as text, every argument a bulk string. */
export const respCommand = (...args: string[]) => commandHead(args.length, ...args);

/** Room left before a value for its `$<bytes>\r\n` header (up to 13 bytes: 4 GB). */
const HEADER_ROOM = 16;
/** The longest UTF-8 sequence: a write that stops closer than this to the end may have been cut. */
const MAX_UTF8_BYTES = 4;

/**
 * A whole write (one flush) as one Buffer. Each value is encoded once, straight into place, and
 * its length header is what was actually written: no separate UTF-8 length pass, no flattening
 * of a whole-flush string, and no way for a value to desynchronize the stream.
 */
export class RespBuffer {
  private buf: Buffer;
  private off = 0;

  /**
   * `capacity`: a guess of the total bytes; the buffer grows when it is short. `reuse`: a buffer
   * no write holds any more (see backing()), taken instead of a new one when big enough.
   */
  constructor(capacity: number, reuse?: Buffer) {
    const size = Math.max(256, capacity);
    this.buf = reuse !== undefined && reuse.length >= size ? reuse : Buffer.allocUnsafe(size);
  }

  /** Bytes copied as they are: the pre-encoded fixed parts of a command. */
  raw(bytes: Buffer): void {
    this.ensure(bytes.length);
    this.off += bytes.copy(this.buf, this.off);
  }

  /** A bulk string holding `s` as UTF-8. */
  bulkString(s: string): void {
    for (;;) {
      const at = this.off + HEADER_ROOM;
      const room = this.buf.length - at - 2;
      if (room >= MAX_UTF8_BYTES) {
        const n = this.buf.write(s, at, room, 'utf8');
        if (n + MAX_UTF8_BYTES <= room) { // so it was not cut short
          const h = this.buf.write('$' + n + '\r\n', this.off, 'latin1');
          this.buf.copyWithin(this.off + h, at, at + n); // close the gap the header left
          this.off += h + n;
          this.crlf();
          return;
        }
      }
      this.ensure(HEADER_ROOM + s.length * 3 + MAX_UTF8_BYTES + 2); // 3 bytes per UTF-16 unit at most
    }
  }

  /** A bulk string holding these bytes (gzip values). */
  bulkBytes(bytes: Buffer): void {
    this.ensure(HEADER_ROOM + bytes.length + 2);
    this.off += this.buf.write('$' + bytes.length + '\r\n', this.off, 'latin1');
    this.off += bytes.copy(this.buf, this.off);
    this.crlf();
  }

  /** What was written (a view: the RespBuffer is not used after this). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.off);
  }

  /** The whole underlying buffer, to hand to the next RespBuffer once the socket is done with this one. */
  backing(): Buffer {
    return this.buf;
  }

  private crlf(): void {
    this.buf[this.off++] = 13;
    this.buf[this.off++] = 10;
  }

  private ensure(extra: number): void {
    if (this.buf.length - this.off >= extra) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.off + extra));
    this.buf.copy(next, 0, 0, this.off);
    this.buf = next;
  }
}
