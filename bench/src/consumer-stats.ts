// What the consumer processes answer to `stats` (shapes shared by the children and the harness).
import type { StatsSnapshot } from '@ob/protocol';
import type { HistogramWindow } from '@ob/streamer';
import type { ThreadCpu } from './thread-cpu';

/** The baseline consumer's counters. */
export interface ConsumerStats {
  messages: number;
  bytes: number;
  parseErrors: number;
  /** µs of CPU (user + system) of the process. */
  cpuMicros: number;
  rss: number;
  threads?: ThreadCpu;
}

/** The streamer runner's counters: its feed's, its process's, and the streamer's own stats. */
export interface RunnerStats {
  messages: number;
  bytes: number;
  bookEvents: number;
  gaps: number;
  resyncs: number;
  reconnects: number;
  parseErrors: number;
  cpuMicros: number;
  rss: number;
  heapUsed: number;
  threads?: ThreadCpu;
  /** The process's monotonic clock in µs: the clock of --cpu-prof timestamps, to cut a profile to a window. */
  hrMicros: number;
  stats: StatsSnapshot;
}

/** Event-loop lag over a window, ms beyond the timer's due time. */
export interface LoopLag { p50: number; p99: number; max: number; samples: number }

/** What the streamer runner saw over a latency window (windowStart → windowStop). */
export interface LatencyWindow {
  loopLag: LoopLag;
  /** Every write acked in the window, in 0.5 ms buckets (upper edges). */
  staleness: HistogramWindow;
}
