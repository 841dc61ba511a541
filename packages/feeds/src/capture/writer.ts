// Writes capture parts: records are packed into a chunk buffer, handed to gzip (which compresses
// on libuv's thread pool, off the feed's thread), and a part is closed and the next one opened
// once its compressed size reaches the rotation limit. A full disk or a gzip that cannot keep up
// costs frames (counted, and marked in the capture), never the process.
import { Buffer } from 'node:buffer';
import { createWriteStream, mkdirSync, readdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { constants, createGzip, type Gzip } from 'node:zlib';
import type { Logger } from '@ob/core';
import {
  DIAL, DROPPED, encodeHeader, FRAME, PART_RE, partName, RECORD_HEADER_BYTES, writeRecordHeader, type RecordKind,
} from './format';

/** Records are packed into chunks of this size before gzip sees them. */
export const CHUNK_BYTES = 64 * 1024;
/** A partly filled chunk goes to gzip this often, so a crash loses at most about this much. */
export const FLUSH_INTERVAL_MS = 1_000;
/** Bytes handed to gzip and not yet on disk beyond this: frames are dropped (counted) until it drains. */
export const MAX_BACKLOG_BYTES = 64 * 1024 * 1024;
/** Speed over ratio: at the firehose the recorder must keep up on one thread-pool thread. */
export const GZIP_LEVEL = constants.Z_BEST_SPEED;
export const DEFAULT_ROTATE_BYTES = 256 * 1024 * 1024;

export interface CaptureWriterOptions {
  dir: string;
  /** A part is closed once its compressed size reaches this. */
  rotateBytes?: number;
  venue?: string;
  log: Logger;
  now?: () => number;
}

export interface RecordingStats {
  dir: string;
  /** The part being written. */
  file: string;
  parts: number;
  rotations: number;
  /** Compressed bytes on disk (every part). */
  bytes: number;
  /** Bytes of records before compression. */
  rawBytes: number;
  frames: number;
  connections: number;
  droppedFrames: number;
  rotateBytes: number;
  /** Set when writing failed (the disk, permissions): recording stopped. */
  error: string | null;
  startedAt: number;
}

export interface CaptureWriter {
  /** One record; FRAME payloads come as text (encoded here), the rest as bytes. */
  frame(conn: number, ts: number, text: string): void;
  record(kind: RecordKind, conn: number, ts: number, payload: Buffer | string): void;
  stats(): RecordingStats;
  /** Writes what is buffered and closes the part. */
  close(): Promise<void>;
}

export class CaptureDirError extends Error {}

/** Throws CaptureDirError when dir cannot be used (already holds a capture: never overwritten). */
export function createCaptureWriter(opts: CaptureWriterOptions): CaptureWriter {
  const now = opts.now ?? Date.now;
  const rotateBytes = opts.rotateBytes ?? DEFAULT_ROTATE_BYTES;
  try { mkdirSync(opts.dir, { recursive: true }); } catch (e) {
    throw new CaptureDirError(`cannot create the capture directory ${opts.dir}: ${(e as Error).message}`);
  }
  if (readdirSync(opts.dir).some((n) => PART_RE.test(n))) {
    throw new CaptureDirError(`${opts.dir} already holds a capture; record into a new directory (captures are never overwritten)`);
  }
  const startedAt = now();
  const s: RecordingStats = {
    dir: opts.dir, file: '', parts: 0, rotations: 0, bytes: 0, rawBytes: 0, frames: 0, connections: 0,
    droppedFrames: 0, rotateBytes, error: null, startedAt,
  };
  let gzip: Gzip | undefined;
  let file: WriteStream | undefined;
  /** Compressed bytes of the part being written (each part counts its own: gzip's tail comes after rotation). */
  let part = { bytes: 0 };
  /** Handed to gzip, not yet written out by it. */
  let backlog = 0;
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  let droppedSince = { frames: 0, bytes: 0 };
  const closing: Promise<void>[] = [];
  let closed = false;

  const fail = (e: unknown) => {
    if (s.error) return;
    s.error = e instanceof Error ? e.message : String(e);
    opts.log.error({ err: s.error, dir: opts.dir }, 'capture: writing failed, recording stopped');
  };

  const openPart = () => {
    s.parts++;
    if (s.parts > 1) s.rotations++;
    const path = join(opts.dir, partName(s.parts));
    s.file = path;
    const mine = { bytes: 0 };
    part = mine;
    const out = createWriteStream(path, { flags: 'wx' });
    const z = createGzip({ level: GZIP_LEVEL });
    out.on('error', fail);
    z.on('error', fail);
    z.on('data', (d: Buffer) => { mine.bytes += d.length; s.bytes += d.length; });
    z.pipe(out);
    gzip = z; file = out;
    const header = encodeHeader({ format: 1, part: s.parts, startedAt, ...(opts.venue ? { venue: opts.venue } : {}) });
    push(header);
  };

  const endPart = () => {
    const z = gzip, out = file;
    gzip = undefined; file = undefined;
    if (!z || !out) return;
    closing.push(new Promise<void>((resolve) => {
      out.once('close', resolve);
      out.once('error', () => resolve());
      z.end();
    }));
  };

  /** Hands bytes to gzip, rotating first when the part is full. */
  function push(bytes: Buffer): void {
    if (s.error) return;
    if (gzip && part.bytes >= rotateBytes) endPart();
    if (!gzip) openPart();
    backlog += bytes.length;
    const n = bytes.length;
    gzip!.write(bytes, () => { backlog -= n; });
  }

  const flushChunk = () => {
    if (used === 0) return;
    push(chunk.subarray(0, used));
    chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    used = 0;
  };

  const timer = setInterval(flushChunk, FLUSH_INTERVAL_MS);
  timer.unref();

  /** Makes room for one record in the chunk. */
  const room = (len: number) => {
    if (used + RECORD_HEADER_BYTES + len > CHUNK_BYTES) flushChunk();
  };

  const noteDrop = (len: number) => {
    s.droppedFrames++;
    droppedSince.frames++;
    droppedSince.bytes += len;
  };

  /** After a drop, once gzip has caught up, the capture says how much is missing. */
  const markDrops = (ts: number) => {
    const lost = droppedSince;
    droppedSince = { frames: 0, bytes: 0 };
    opts.log.warn(lost, 'capture: the recorder fell behind, frames dropped (marked in the capture)');
    write(DROPPED, 0, ts, Buffer.from(JSON.stringify(lost)));
  };

  function write(kind: RecordKind, conn: number, ts: number, payload: Buffer): void {
    const len = payload.length;
    s.rawBytes += RECORD_HEADER_BYTES + len;
    if (RECORD_HEADER_BYTES + len > CHUNK_BYTES) {
      flushChunk();
      const big = Buffer.allocUnsafe(RECORD_HEADER_BYTES + len);
      writeRecordHeader(big, 0, kind, conn, ts, len);
      payload.copy(big, RECORD_HEADER_BYTES);
      push(big);
      return;
    }
    room(len);
    writeRecordHeader(chunk, used, kind, conn, ts, len);
    payload.copy(chunk, used + RECORD_HEADER_BYTES);
    used += RECORD_HEADER_BYTES + len;
  }

  return {
    frame(conn, ts, text) {
      if (closed || s.error) return;
      const len = Buffer.byteLength(text);
      if (backlog > MAX_BACKLOG_BYTES) { noteDrop(len); return; }
      if (droppedSince.frames > 0) markDrops(ts);
      s.frames++;
      if (RECORD_HEADER_BYTES + len > CHUNK_BYTES) { write(FRAME, conn, ts, Buffer.from(text)); return; }
      s.rawBytes += RECORD_HEADER_BYTES + len;
      room(len);
      writeRecordHeader(chunk, used, FRAME, conn, ts, len);
      chunk.write(text, used + RECORD_HEADER_BYTES, len, 'utf8');
      used += RECORD_HEADER_BYTES + len;
    },
    record(kind, conn, ts, payload) {
      if (closed || s.error) return;
      if (kind === FRAME) { this.frame(conn, ts, typeof payload === 'string' ? payload : payload.toString('utf8')); return; }
      if (kind === DIAL) s.connections++;
      write(kind, conn, ts, typeof payload === 'string' ? Buffer.from(payload) : payload);
    },
    stats: () => ({ ...s }),
    async close() {
      if (closed) { await Promise.all(closing); return; }
      if (droppedSince.frames > 0 && !s.error) markDrops(now());
      closed = true;
      clearInterval(timer);
      flushChunk();
      endPart();
      await Promise.all(closing);
    },
  };
}
