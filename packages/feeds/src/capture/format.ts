// The capture format (README.md beside this file): gzip parts, each a magic line, a JSON header
// line, then length-prefixed binary records. Binary, not JSON lines: a frame is copied in as its
// UTF-8 bytes, no escaping, which at firehose rates is most of what recording costs besides gzip.
import { Buffer } from 'node:buffer';

export const CAPTURE_MAGIC = 'OBCAP1\n';
export const CAPTURE_VERSION = 1;
/** Part files: capture-000001.obcap.gz, ... in the capture directory, replayed in name order. */
export const PART_RE = /^capture-(\d{6})\.obcap\.gz$/;
export const partName = (n: number) => `capture-${String(n).padStart(6, '0')}.obcap.gz`;

/** kind u8, connection u32, ts f64 (ms epoch), payload length u32; little-endian. */
export const RECORD_HEADER_BYTES = 17;
/** A record's payload beyond this is not ours (a frame is at most MAX_FRAME_BYTES, a market list 4 MiB). */
export const MAX_RECORD_PAYLOAD = 64 * 1024 * 1024;

/** The adapter called connect (payload: JSON {url}). Connections are numbered 1, 2, ... in dial order. */
export const DIAL = 1;
/** The handshake completed (no payload). */
export const OPEN = 2;
/** One whole message as the adapter got it (payload: its UTF-8 text). */
export const FRAME = 3;
/** The socket closed (payload: JSON {code, by}: by "us" when the adapter asked for it, "venue" otherwise). */
export const CLOSE = 4;
/** The socket reported an error (payload: JSON {message, code?}). */
export const ERROR = 5;
/** The adapter sent a message (payload: its text). Kept for reading a capture; replay discards it. */
export const SEND = 6;
/** A REST response (connection field = fetch ordinal 1, 2, ...; payload: JSON {url, status, contentType, body}). */
export const REST = 7;
/** The recorder fell behind and dropped frames (payload: JSON {frames, bytes}). */
export const DROPPED = 8;
export type RecordKind = typeof DIAL | typeof OPEN | typeof FRAME | typeof CLOSE | typeof ERROR | typeof SEND | typeof REST | typeof DROPPED;
const LAST_KIND = DROPPED;

export interface PartHeader {
  format: number;
  part: number;
  /** ms epoch when the recording started (the same in every part). */
  startedAt: number;
  /** Venue of the feed recorded, when the recorder was told. */
  venue?: string;
}

export interface CaptureRecord {
  kind: RecordKind;
  conn: number;
  ts: number;
  payload: Buffer;
}

export interface RestPayload { url: string; status: number; contentType: string | null; body: string }
export interface ClosePayload { code: number; by: 'us' | 'venue' }
export interface ErrorPayload { message: string; code?: string }

export function encodeHeader(h: PartHeader): Buffer {
  return Buffer.from(`${CAPTURE_MAGIC}${JSON.stringify(h)}\n`);
}

/** Writes a record's header into buf at offset (the payload follows it). */
export function writeRecordHeader(buf: Buffer, offset: number, kind: RecordKind, conn: number, ts: number, len: number): void {
  buf.writeUInt8(kind, offset);
  buf.writeUInt32LE(conn, offset + 1);
  buf.writeDoubleLE(ts, offset + 5);
  buf.writeUInt32LE(len, offset + 13);
}

export class CaptureFormatError extends Error {}

/**
 * Incremental decoder of one part's bytes (after gunzip): push chunks, get whole records.
 * The first bytes must be the magic line and the header line.
 */
export function createRecordDecoder(source: string) {
  let carry: Buffer = Buffer.alloc(0);
  let header: PartHeader | undefined;
  return {
    get header() { return header; },
    /** Records complete in what was pushed so far; a record cut by the chunk edge waits for the next push. */
    push(chunk: Buffer, out: CaptureRecord[]): void {
      let buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      let pos = 0;
      if (!header) {
        const nl = buf.indexOf(10, CAPTURE_MAGIC.length);
        if (buf.length >= CAPTURE_MAGIC.length && buf.toString('latin1', 0, CAPTURE_MAGIC.length) !== CAPTURE_MAGIC) {
          throw new CaptureFormatError(`${source}: not a capture part (no ${JSON.stringify(CAPTURE_MAGIC.trim())} magic)`);
        }
        if (nl < 0) {
          if (buf.length > 64 * 1024) throw new CaptureFormatError(`${source}: header line too long`);
          carry = buf; return;
        }
        let h: unknown;
        try { h = JSON.parse(buf.toString('utf8', CAPTURE_MAGIC.length, nl)); } catch { h = undefined; }
        const ok = typeof h === 'object' && h !== null && (h as PartHeader).format === CAPTURE_VERSION
          && Number.isFinite((h as PartHeader).startedAt);
        if (!ok) throw new CaptureFormatError(`${source}: unreadable header (format ${CAPTURE_VERSION} expected)`);
        header = h as PartHeader;
        pos = nl + 1;
      }
      while (buf.length - pos >= RECORD_HEADER_BYTES) {
        const kind = buf.readUInt8(pos);
        const len = buf.readUInt32LE(pos + 13);
        if (kind < DIAL || kind > LAST_KIND || len > MAX_RECORD_PAYLOAD) {
          throw new CaptureFormatError(`${source}: corrupt record (kind ${kind}, ${len} bytes)`);
        }
        const end = pos + RECORD_HEADER_BYTES + len;
        if (end > buf.length) break;
        out.push({
          kind: kind as RecordKind, conn: buf.readUInt32LE(pos + 1), ts: buf.readDoubleLE(pos + 5),
          payload: buf.subarray(pos + RECORD_HEADER_BYTES, end),
        });
        pos = end;
      }
      carry = pos >= buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(pos));
      buf = carry;
    },
    /** Bytes of an unfinished record at the end (a part cut short by a crash). */
    leftover: () => carry.length,
  };
}

export function jsonPayload<T>(r: CaptureRecord): T | undefined {
  try { return JSON.parse(r.payload.toString('utf8')) as T; } catch { return undefined; }
}
