// What each engine state means to an operator: a colour and a word.
import type { StatsSnapshot } from '@ob/protocol';

export type Tone = 'ok' | 'warn' | 'bad' | 'muted';
export interface Badge { tone: Tone; text: string; detail: string }

type FeedStatus = StatsSnapshot['feed']['status'];
type RedisStatus = StatsSnapshot['redis']['status'];

const FEED: Record<FeedStatus, Tone> = {
  connected: 'ok', connecting: 'warn', reconnecting: 'warn', idle: 'muted', stopped: 'bad',
};
const REDIS: Record<RedisStatus, Tone> = { writable: 'ok', down: 'bad', disabled: 'muted' };

/** With the dashboard link down, the last known states are not current: say so instead. */
export function feedBadge(stats: StatsSnapshot | null, linkOpen: boolean): Badge {
  if (!stats || !linkOpen) return { tone: 'muted', text: 'unknown', detail: 'no live data from the server' };
  const f = stats.feed;
  const books = `${f.validMarkets}/${f.markets} books valid`;
  const tone = f.status === 'connected' && f.validMarkets < f.markets ? 'warn' : FEED[f.status];
  return { tone, text: f.status, detail: `${f.source} · ${f.venue} · ${books}` };
}

export function redisBadge(stats: StatsSnapshot | null, linkOpen: boolean): Badge {
  if (!stats || !linkOpen) return { tone: 'muted', text: 'unknown', detail: 'no live data from the server' };
  const r = stats.redis;
  if (r.problem) return { tone: 'bad', text: r.problem.summary.replace(/^redis: /, ''), detail: `${r.problem.message.replace(/\.+$/, '')}. Fix: ${r.problem.fix}` };
  const detail = r.status === 'disabled' ? 'no sink: books are not written' : r.url;
  return { tone: REDIS[r.status], text: r.status, detail };
}

/**
 * One venue's health, for its own pill: its feed's state, amber while some of its books are not
 * valid or it is not ready (the process is ready while any venue is, so only this pill says so).
 */
export function venueBadge(v: StatsSnapshot, linkOpen: boolean): Badge {
  if (!linkOpen) return { tone: 'muted', text: 'unknown', detail: 'no live data from the server' };
  const f = v.feed;
  const r = v.readiness;
  const connected = f.status === 'connected';
  const tone = connected && (f.validMarkets < f.markets || !r.ready) ? 'warn' : FEED[f.status];
  const books = `${f.validMarkets}/${f.markets} books valid, ${r.booksInRedis} in Redis`;
  return {
    tone,
    text: connected && !r.ready ? 'connected, not ready' : f.status,
    detail: `${f.source} · ${books}${r.ready ? '' : ` · not ready: ${r.reasons.join('; ')}`}`,
  };
}

/**
 * The process's reasons ("okx: 0 of 8 markets ...", one per venue) with the venues that share
 * one named together, so a Redis that refuses every write reads as one reason, not five.
 */
export function groupReasons(reasons: readonly string[], venues: readonly string[]): string[] {
  const byText = new Map<string, string[]>();
  for (const reason of reasons) {
    const venue = venues.find((v) => reason.startsWith(`${v}: `));
    const text = venue ? reason.slice(venue.length + 2) : reason;
    const list = byText.get(text) ?? [];
    if (venue) list.push(venue);
    byText.set(text, list);
  }
  return [...byText].map(([text, vs]) => {
    if (vs.length === 0) return text;
    return `${vs.length === venues.length && venues.length > 1 ? 'every venue' : vs.join(', ')}: ${text}`;
  });
}

/** Ready means books are flowing; the reasons say why not ("0 of 45 markets have a book in Redis"). */
export function readyBadge(stats: StatsSnapshot | null, linkOpen: boolean): Badge {
  if (!stats || !linkOpen) return { tone: 'muted', text: 'unknown', detail: 'no live data from the server' };
  const r = stats.readiness;
  const books = `${r.booksInRedis}/${r.markets} books in Redis`;
  const venues = (stats.venues ?? []).map((f) => f.venue);
  return r.ready ? { tone: 'ok', text: 'ready', detail: books } : { tone: 'bad', text: 'not ready', detail: groupReasons(r.reasons, venues).join('; ') };
}
