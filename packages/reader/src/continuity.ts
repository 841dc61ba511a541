// Whether a stream still holds every entry after a cursor, from XINFO STREAM (Redis 7 reports
// the newest id trimming deleted, and the first id recorded; ids only grow within one stream).
import { compareIds } from './keys';
import type { ResyncReason } from './types';

export interface StreamInfo {
  /** The oldest entry's id; null when the stream is empty. */
  firstId: string | null;
  lastGeneratedId: string;
  /** The newest id ever deleted (trimmed); null before Redis 7, which does not say. */
  maxDeletedId: string | null;
}

/** The fields of an XINFO STREAM reply (a flat [name, value, ...] list). */
export function parseStreamInfo(reply: unknown): StreamInfo {
  const list = Array.isArray(reply) ? reply : [];
  const field = (name: string): unknown => {
    for (let i = 0; i + 1 < list.length; i += 2) if (String(list[i]) === name) return list[i + 1];
    return undefined;
  };
  const id = (v: unknown) => (v === undefined || v === null ? null : String(v));
  const first = field('first-entry');
  const recorded = id(field('recorded-first-entry-id'));
  const firstId = Array.isArray(first) ? String(first[0]) : null;
  return {
    firstId: firstId ?? (recorded !== null && recorded !== '0-0' ? recorded : null),
    lastGeneratedId: id(field('last-generated-id')) ?? '0-0',
    maxDeletedId: id(field('max-deleted-entry-id')),
  };
}

/**
 * Why entries after `cursor` may be missing, or null when none are. `cursor` "0-0" means the
 * reader synced from the key while the stream did not exist: all of a later stream is new to it.
 */
export function gapAfter(info: StreamInfo | null, cursor: string): ResyncReason | null {
  const fresh = cursor === '0-0';
  if (!info) return fresh ? null : 'missing';
  if (info.maxDeletedId === null) {
    // Before Redis 7: an oldest entry after the cursor may be trimming or a new stream; say trimmed.
    return info.firstId !== null && compareIds(info.firstId, cursor) > 0 && !fresh ? 'trimmed' : null;
  }
  if (compareIds(info.maxDeletedId, cursor) > 0) return 'trimmed';
  if (fresh) return null;
  // Ids only grow in one stream, and trimming deletes oldest first: a stream whose ids are all
  // after the cursor, though nothing after the cursor was deleted, is not the one it came from.
  if (compareIds(info.lastGeneratedId, cursor) < 0) return 'recreated';
  if (info.firstId !== null && compareIds(info.firstId, cursor) > 0 && compareIds(info.maxDeletedId, cursor) < 0) return 'recreated';
  return null;
}
