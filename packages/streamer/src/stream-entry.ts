// What one write adds to its market's change stream ({prefix}:stream:{venue}:{symbol}), per the
// `stream` setting: the written snapshot itself (the key's very value, so no second encoding),
// or the book at depth 1 when its best bid or ask (price or size) changed since the last entry.
import type { LiveSettings } from '@ob/protocol';
import type { MarketState } from './market-state';
import { isCrossed, type SnapshotEncoder } from './snapshot-bytes';
import type { SinkRecord, StreamEntry } from './types';

/** Stream entry field names: a reader tells full books, gzip ones and top-of-book apart by them. */
export const STREAM_FIELD_BOOK = 'book';
export const STREAM_FIELD_BOOK_GZ = 'book:gz';
export const STREAM_FIELD_TOP = 'top';

/** The entry for `record` (built at `now`), or undefined when the stream is off or the top did not change. */
export function streamEntry(s: LiveSettings, m: MarketState, record: SinkRecord, encoder: SnapshotEncoder, now: number): StreamEntry | undefined {
  if (s.stream === 'snapshot') {
    return { field: record.compressed ? STREAM_FIELD_BOOK_GZ : STREAM_FIELD_BOOK, value: record.value, maxLen: s.streamMaxLen, top: '' };
  }
  if (s.stream !== 'top') return undefined;
  const top = m.book.writeLevelsJson('bids', 1) + m.book.writeLevelsJson('asks', 1);
  if (top === m.streamedTop) return undefined;
  return { field: STREAM_FIELD_TOP, value: encoder.encodeCopy(m, 1, now, isCrossed(m.book.bestBid(), m.book.bestAsk())), maxLen: s.streamMaxLen, top };
}
