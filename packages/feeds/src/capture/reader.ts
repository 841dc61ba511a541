// Reads a capture directory: its parts in name order, each gunzipped and decoded as it streams,
// so a capture of any size replays in bounded memory.
import { closeSync, createReadStream, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import { CaptureFormatError, createRecordDecoder, PART_RE, type CaptureRecord, type PartHeader } from './format';
import { CaptureDirError } from './writer';

/** Gunzip output chunk: records are decoded (and, at full speed, replayed) a chunk per turn. */
export const READ_CHUNK_BYTES = 64 * 1024;

export interface CaptureParts {
  paths: string[];
  /** Compressed bytes of every part. */
  bytes: number;
}

/** Throws CaptureDirError when dir is missing or holds no parts. */
export function listParts(dir: string): CaptureParts {
  let names: string[];
  try { names = readdirSync(dir); } catch (e) {
    throw new CaptureDirError(`cannot read the capture directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const paths = names.filter((n) => PART_RE.test(n)).sort().map((n) => join(dir, n));
  if (paths.length === 0) throw new CaptureDirError(`${dir} holds no capture (no capture-NNNNNN.obcap.gz parts)`);
  return { paths, bytes: paths.reduce((sum, p) => sum + statSync(p).size, 0) };
}

/** Compressed bytes captureVenue reads: the header line is at the very start of the first part. */
const HEADER_PROBE_BYTES = 16 * 1024;

/**
 * The venue the capture in `dir` was recorded from (its first part's header), read at once and
 * synchronously, for choosing the adapter before anything starts; undefined when the directory
 * holds no readable capture or the recorder was not told.
 */
export function captureVenue(dir: string): string | undefined {
  try {
    const first = listParts(dir).paths[0]!;
    const fd = openSync(first, 'r');
    const buf = Buffer.alloc(HEADER_PROBE_BYTES);
    let n: number;
    try { n = readSync(fd, buf, 0, buf.length, 0); } finally { closeSync(fd); }
    // The probe cuts the gzip stream short: inflate what it holds.
    const head = gunzipSync(buf.subarray(0, n), { finishFlush: constants.Z_SYNC_FLUSH });
    const dec = createRecordDecoder(first);
    dec.push(head, []);
    const venue = dec.header?.venue;
    return typeof venue === 'string' && venue !== '' ? venue : undefined;
  } catch {
    return undefined;
  }
}

export interface ReadHooks {
  /** Compressed bytes read from disk. */
  bytes?(n: number): void;
  header?(h: PartHeader, part: number): void;
  /** A part ended early (a recording cut by a crash): what was whole in it has been delivered. */
  truncated?(path: string, why: string): void;
}

/** Batches of records, in capture order. Throws CaptureFormatError on a file that is not a capture. */
export async function* readCapture(parts: CaptureParts, hooks: ReadHooks = {}): AsyncGenerator<CaptureRecord[]> {
  for (let i = 0; i < parts.paths.length; i++) {
    const path = parts.paths[i]!;
    const input = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
    const gunzip = createGunzip({ chunkSize: READ_CHUNK_BYTES });
    input.on('error', (e) => gunzip.destroy(e));
    if (hooks.bytes) input.on('data', (c) => hooks.bytes!(c.length));
    input.pipe(gunzip);
    const dec = createRecordDecoder(path);
    let headerSeen = false;
    try {
      for await (const chunk of gunzip) {
        const out: CaptureRecord[] = [];
        dec.push(chunk as Buffer, out);
        if (!headerSeen && dec.header) { headerSeen = true; hooks.header?.(dec.header, i + 1); }
        if (out.length > 0) yield out;
      }
      if (!dec.header) throw new CaptureFormatError(`${path}: empty part`);
      if (dec.leftover() > 0) hooks.truncated?.(path, `${dec.leftover()} bytes of an unfinished record at the end`);
    } catch (e) {
      if (e instanceof CaptureFormatError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      // A gzip stream without its end: the recorder did not close the part (killed, crashed).
      if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR') hooks.truncated?.(path, (e as Error).message);
      else throw e;
    } finally {
      input.destroy();
      gunzip.destroy();
    }
  }
}
