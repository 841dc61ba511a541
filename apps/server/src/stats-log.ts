// The periodic stats line, as the seed printed it (the engine's formatStatsLine):
// "Stats: 15234 messages (507.8/s), 324 Redis writes (10.8/s), Compression ratio: 47.0:1"
import { formatStatsLine, type StatsLineState, type Streamer } from '@ob/streamer';

type Stats = Pick<Streamer, 'stats'>;

/** Logs the line every `everySeconds`, over that interval; returns a stop function. */
export function startStatsLog(streamer: Stats, everySeconds: number, log: { info(msg: string): void }): () => void {
  if (everySeconds <= 0) return () => {};
  const at = () => {
    const { totals } = streamer.stats(1);
    return { totals, state: { at: Date.now(), messages: totals.messages, snapshots: totals.snapshots } satisfies StatsLineState };
  };
  let prev = at().state;
  const timer = setInterval(() => {
    const now = at();
    log.info(formatStatsLine(now.totals, now.state.at, prev));
    prev = now.state;
  }, everySeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
