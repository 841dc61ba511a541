// What the harness and the generator process (generator.ts) say to each other over IPC.
// Kept apart from generator.ts, which starts a server as soon as it is loaded.

/**
 * By default the paced sender wakes this often and sends what is due, as the venue (and our
 * simulator) batch every ~50 ms. How frames are spread in time matters for CPU at low rates:
 * each wake-up of the receiver costs far more than one small frame.
 */
export const PACE_TICK_MS = 50;
/**
 * firehose: as fast as TCP allows. paced: every tickMs, what is due of `rate`, in ring order (a
 * burst of all markets at once). spread: as the venue sends: each market every periodMs at a
 * random phase of its own (seeded), so frames arrive spread over the period, not in bursts.
 */
export type Mode =
  | { kind: 'idle' } | { kind: 'firehose' }
  | { kind: 'paced'; rate: number; /** default PACE_TICK_MS */ tickMs?: number }
  | { kind: 'spread'; rate: number; /** default PACE_TICK_MS */ periodMs?: number; seed?: number };

export interface GeneratorStatus {
  /** Update frames sent since the last `arm`. */
  updates: number;
  snapshots: number;
  subscribes: number;
  /** Subscribes after the first one per market (a client resyncing). */
  resubscribes: number;
  connections: number;
  /** Connections open now (a consumer may spread its markets over several). */
  openConnections: number;
  /** Times the firehose found the socket full and waited for it to drain. */
  drains: number;
  /** ms spent waiting for drains since the last `arm`. */
  drainWaitMs: number;
  /** Paced frames dropped from the schedule because the consumer (or we) fell behind. */
  unsent: number;
  /** µs of CPU (user + system) of this process. */
  cpuMicros: number;
  mode: Mode['kind'];
  streaming: boolean;
}
