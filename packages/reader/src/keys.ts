// The streamer's Redis names (its README's "Redis layout"), and checks of the names and stream
// ids callers hand in, so a bad one is refused at once instead of reading the wrong key.
import { ReaderError } from './errors';

/** Prefix and venue: what the streamer allows for its prefix; no glob characters, no ':'. */
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
export const MAX_SYMBOL_LENGTH = 64;
/** A stream entry id: milliseconds-sequence. */
const STREAM_ID = /^\d+-\d+$/;

export const GZIP_SUFFIX = ':gz';

export interface Keys {
  book(venue: string, symbol: string): string;
  bookGz(venue: string, symbol: string): string;
  stream(venue: string, symbol: string): string;
  channel(venue: string): string;
  /** SCAN patterns for a venue's book keys and streams. */
  bookPattern(venue: string): string;
  streamPattern(venue: string): string;
}

export function keysFor(prefix: string): Keys {
  return {
    book: (v, s) => `${prefix}:book:${v}:${s}`,
    bookGz: (v, s) => `${prefix}:book:${v}:${s}${GZIP_SUFFIX}`,
    stream: (v, s) => `${prefix}:stream:${v}:${s}`,
    channel: (v) => `${prefix}:updates:${v}`,
    bookPattern: (v) => `${prefix}:book:${v}:*`,
    streamPattern: (v) => `${prefix}:stream:${v}:*`,
  };
}

/** A market as cursors and stats name it: "venue:symbol" (venues hold no ':'). */
export const marketId = (venue: string, symbol: string) => `${venue}:${symbol}`;

export function splitMarketId(id: string): { venue: string; symbol: string } {
  const at = id.indexOf(':');
  return { venue: id.slice(0, at), symbol: id.slice(at + 1) };
}

export function checkName(what: string, value: unknown): string {
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw new ReaderError('ERR_BAD_OPTION', `${what} must be 1 to 64 characters of A-Z a-z 0-9 _ . - (got ${JSON.stringify(value)})`);
  }
  return value;
}

export function checkSymbol(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_SYMBOL_LENGTH || /[\s*?[\]]/.test(value)) {
    throw new ReaderError('ERR_BAD_OPTION', `a symbol must be 1 to ${MAX_SYMBOL_LENGTH} characters without spaces or * ? [ ] (got ${JSON.stringify(value)})`);
  }
  return value;
}

export function checkStreamId(what: string, value: unknown): string {
  if (typeof value !== 'string' || !STREAM_ID.test(value)) {
    throw new ReaderError('ERR_BAD_OPTION', `${what} must be a stream entry id like "1733150000000-0" (got ${JSON.stringify(value)})`);
  }
  return value;
}

/** Orders two stream ids: negative, zero or positive as a is before, equal to or after b. */
export function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-');
  const [bm, bs] = b.split('-');
  const ms = BigInt(am!) - BigInt(bm!);
  if (ms !== 0n) return ms < 0n ? -1 : 1;
  const seq = BigInt(as ?? '0') - BigInt(bs ?? '0');
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}

/** The symbol a scanned key names, or undefined for a key of another shape. */
export function symbolOfKey(key: string, keyPrefix: string): string | undefined {
  if (!key.startsWith(keyPrefix)) return undefined;
  let symbol = key.slice(keyPrefix.length);
  if (symbol.endsWith(GZIP_SUFFIX)) symbol = symbol.slice(0, -GZIP_SUFFIX.length);
  return symbol.length > 0 ? symbol : undefined;
}
