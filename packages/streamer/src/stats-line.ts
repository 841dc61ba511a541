// The seed's periodic log line, kept so existing log scrapers and habits still work.
import type { Totals } from '@ob/protocol';

export interface StatsLineState { at: number; messages: number; snapshots: number }

/** `Stats: 15234 messages (507.8/s), 324 Redis writes (10.8/s), Compression ratio: 47.0:1` over the window since `prev`. */
export function formatStatsLine(totals: Totals, now: number, prev: StatsLineState): string {
  const secs = Math.max(0.001, (now - prev.at) / 1000);
  const msgs = totals.messages - prev.messages;
  const writes = totals.snapshots - prev.snapshots;
  const ratio = writes > 0 ? (msgs / writes).toFixed(1) : '-';
  return `Stats: ${msgs} messages (${(msgs / secs).toFixed(1)}/s), ${writes} Redis writes (${(writes / secs).toFixed(1)}/s), Compression ratio: ${ratio}:1`;
}
