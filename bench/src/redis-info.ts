// What the private redis-server says it did: command counts from INFO commandstats, so the
// write load is measured at Redis itself rather than taken from the streamer's own counters.
import type { CommandCounts } from '@ob/testkit';

export { parseCommandStats, commandCounts, type CommandCounts } from '@ob/testkit';

/** Commands between two readings, leaving out the harness's own (INFO, GET, KEYS...). */
export function commandDelta(a: CommandCounts, b: CommandCounts, ignore: readonly string[] = HARNESS_COMMANDS): CommandCounts {
  const out: CommandCounts = {};
  for (const [cmd, n] of Object.entries(b)) {
    if (ignore.includes(cmd)) continue;
    const d = n - (a[cmd] ?? 0);
    if (d > 0) out[cmd] = d;
  }
  return out;
}

/** Commands the harness itself sends to the private redis; the streamer uses none of them. */
export const HARNESS_COMMANDS = ['info', 'get', 'mget', 'keys', 'flushall', 'flushdb'];

export const total = (c: CommandCounts) => Object.values(c).reduce((s, n) => s + n, 0);
