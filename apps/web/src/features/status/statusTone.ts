// What each engine state means to an operator: a colour and a word.
import type { FeedState, StatsSnapshot } from '@ob/protocol';

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
  if (r.problem) return { tone: 'bad', text: r.problem.summary.replace(/^redis: /, ''), detail: `${r.problem.message}. Fix: ${r.problem.fix}` };
  const detail = r.status === 'disabled' ? 'no sink: books are not written' : r.url;
  return { tone: REDIS[r.status], text: r.status, detail };
}

/** One venue's feed, for its own pill. */
export function venueBadge(f: FeedState, linkOpen: boolean): Badge {
  if (!linkOpen) return { tone: 'muted', text: 'unknown', detail: 'no live data from the server' };
  const tone = f.status === 'connected' && f.validMarkets < f.markets ? 'warn' : FEED[f.status];
  return { tone, text: f.status, detail: `${f.source} · ${f.validMarkets}/${f.markets} books valid` };
}

/** Ready means books are flowing; the reasons say why not ("0 of 45 markets have a book in Redis"). */
export function readyBadge(stats: StatsSnapshot | null, linkOpen: boolean): Badge {
  if (!stats || !linkOpen) return { tone: 'muted', text: 'unknown', detail: 'no live data from the server' };
  const r = stats.readiness;
  const books = `${r.booksInRedis}/${r.markets} books in Redis`;
  return r.ready ? { tone: 'ok', text: 'ready', detail: books } : { tone: 'bad', text: 'not ready', detail: r.reasons.join('; ') };
}
