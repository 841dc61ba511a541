// Whether a stream still holds every entry after a cursor. Trimming deletes oldest first, so
// while the cursor's own entry is there, so is everything after it: that is checked in the same
// MULTI as the read. When it is gone, XINFO STREAM tells the likely cause. (Redis does not count
// trimming in max-deleted-entry-id, only XDEL, so that field cannot tell.)
import { compareIds } from './keys';
import type { ResyncReason } from './types';

export interface StreamInfo {
  length: number;
  /** Entries ever added (Redis 7+); null before, which does not say. */
  entriesAdded: number | null;
  lastGeneratedId: string;
}

/** The fields of an XINFO STREAM reply (a flat [name, value, ...] list). */
export function parseStreamInfo(reply: unknown): StreamInfo {
  const list = Array.isArray(reply) ? reply : [];
  const field = (name: string): unknown => {
    for (let i = 0; i + 1 < list.length; i += 2) if (String(list[i]) === name) return list[i + 1];
    return undefined;
  };
  const added = field('entries-added');
  return {
    length: Number(field('length') ?? 0),
    entriesAdded: added === undefined || added === null ? null : Number(added),
    lastGeneratedId: String(field('last-generated-id') ?? '0-0'),
  };
}

/**
 * Why entries after `cursor` may be missing, or null when none are. `present`: the cursor's
 * entry is still in the stream. `cursor` "0-0" means the reader synced from the key while the
 * stream did not exist, so all of a later stream is new to it. A cursor trimmed exactly up to
 * itself reads as 'trimmed' too: the resync that follows is one book more, never one less.
 */
export function gapAfter(info: StreamInfo | null, cursor: string, present: boolean): ResyncReason | null {
  const trimmedAny = info !== null && info.entriesAdded !== null && info.entriesAdded > info.length;
  if (cursor === '0-0') return trimmedAny ? 'trimmed' : null;
  if (!info) return 'missing';
  if (present) return null;
  // Ids only grow within a stream: one whose ids are all behind the cursor, or that never lost an entry, is not the one the cursor came from.
  if (compareIds(info.lastGeneratedId, cursor) < 0 || (info.entriesAdded !== null && !trimmedAny)) return 'recreated';
  return 'trimmed';
}
