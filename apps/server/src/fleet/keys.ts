// Where the fleet meets in Redis. Reports are plain keys on a short TTL (a dead instance's report
// vanishes by itself); the index remembers who reported and when, so the view can name an
// instance whose report is gone instead of silently dropping it.
/** {prefix}:fleet:{id}: the instance's last report (JSON), expiring REPORT_TTL_SECONDS after it. */
export const fleetReportKey = (prefix: string, id: string) => `${prefix}:fleet:${id}`;
/** {prefix}:fleet: sorted set, member id, score its last report's time (ms). */
export const fleetIndexKey = (prefix: string) => `${prefix}:fleet`;
/** {prefix}:fleet:shards: hash, id → its shard (i/N), so a stopped instance's row still says which share it left. */
export const fleetShardsKey = (prefix: string) => `${prefix}:fleet:shards`;
/** {prefix}:config:changed: pub/sub; payload the id of the instance that just saved {prefix}:config. */
export const configChannel = (prefix: string) => `${prefix}:config:changed`;

/** Each instance reports this often. */
export const REPORT_INTERVAL_MS = 1_000;
/** A report expires after this: the instance counts as stopped. */
export const REPORT_TTL_SECONDS = 5;
/** Without a report for this long an instance is shown as late (its key may still live). */
export const LATE_AFTER_MS = 3 * REPORT_INTERVAL_MS;
/** A stopped instance is named in the view this long, then forgotten. */
export const FORGET_AFTER_MS = 15 * 60_000;
