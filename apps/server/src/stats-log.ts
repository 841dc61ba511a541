// The periodic stats line, as the seed printed it:
// "Stats: 15234 messages (507.8/s), 324 Redis writes (10.8/s), Compression ratio: 47.0:1"
import type { Streamer } from '@ob/streamer';

export function formatStatsLine(messages: number, writes: number, seconds: number): string {
  const rate = (n: number) => (seconds > 0 ? n / seconds : 0).toFixed(1);
  const ratio = writes > 0 ? `${(messages / writes).toFixed(1)}:1` : 'n/a (nothing written)';
  return `Stats: ${messages} messages (${rate(messages)}/s), ${writes} Redis writes (${rate(writes)}/s), Compression ratio: ${ratio}`;
}

/** Logs the line every `everySeconds` over that interval; returns a stop function. */
export function startStatsLog(streamer: Streamer, everySeconds: number, log: { info(msg: string): void }): () => void {
  if (everySeconds <= 0) return () => {};
  let last = streamer.stats(1).totals;
  let lastAt = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    const totals = streamer.stats(1).totals;
    log.info(formatStatsLine(totals.messages - last.messages, totals.snapshots - last.snapshots, (now - lastAt) / 1000));
    last = totals;
    lastAt = now;
  }, everySeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
