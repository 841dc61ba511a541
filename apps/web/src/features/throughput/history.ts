// Chart history: one sample per second, bounded so a tab left open for days stays fast.
import type { StatsSample } from '@ob/protocol';

/** 15 minutes at one sample per second: the longest chart window, and the server's own history. */
export const HISTORY_CAP = 900;
export const WINDOWS_MIN = [5, 15] as const;
export type WindowMin = (typeof WINDOWS_MIN)[number];

/**
 * Both inputs sorted by t (oldest first); returns one sorted list without duplicate t, keeping
 * the newest `cap`. Returns `prev` itself when nothing new arrived, so React can skip a render.
 */
export function mergeSamples(prev: readonly StatsSample[], raw: readonly StatsSample[], cap = HISTORY_CAP): readonly StatsSample[] {
  const incoming = increasing(raw);
  const last = prev[prev.length - 1];
  if (incoming.length === 0) return prev;
  // Common case: a few newer samples at the end.
  if (!last || (incoming[0] as StatsSample).t > last.t) {
    const out = prev.concat(incoming);
    return out.length > cap ? out.slice(out.length - cap) : out;
  }
  const out: StatsSample[] = [];
  let i = 0;
  let j = 0;
  while (i < prev.length || j < incoming.length) {
    const a = prev[i];
    const b = incoming[j];
    const next = !b || (a && a.t <= b.t) ? (i++, a) : (j++, b);
    if (!next) break;
    const tail = out[out.length - 1];
    // A finished second does not change: the copy already held wins, so repeats cost no render.
    if (!tail || tail.t !== next.t) out.push(next);
  }
  if (out.length === prev.length && out.every((s, k) => s === prev[k])) return prev;
  return out.length > cap ? out.slice(out.length - cap) : out;
}

/** Drops samples without a time (t <= 0) and any not newer than the one before. */
function increasing(samples: readonly StatsSample[]): StatsSample[] {
  const out: StatsSample[] = [];
  for (const s of samples) {
    const tail = out[out.length - 1];
    if (s.t > 0 && (!tail || s.t > tail.t)) out.push(s);
  }
  return out;
}

/** The samples within the last `minutes` of the newest one. */
export function lastMinutes(history: readonly StatsSample[], minutes: number): readonly StatsSample[] {
  const last = history[history.length - 1];
  if (!last) return history;
  const from = last.t - minutes * 60_000;
  let lo = 0;
  while (lo < history.length && (history[lo] as StatsSample).t <= from) lo++;
  return lo === 0 ? history : history.slice(lo);
}
