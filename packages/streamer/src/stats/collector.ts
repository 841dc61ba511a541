// Turns counters into one StatsSample per second, kept in a 15-minute ring.
import type { StatsSample } from '@ob/protocol';
import { RingBuffer } from './ring-buffer';
import { Reservoir } from './reservoir';
import { CumulativeHistogram } from './histogram';

/** 15 minutes of one-second samples. */
export const HISTORY_SECONDS = 900;

export interface RawCounters { messages: number; bytes: number; snapshots: number; pipelines: number }

export class StatsCollector {
  readonly history = new RingBuffer<StatsSample>(HISTORY_SECONDS);
  readonly flushMs = new Reservoir();
  readonly stalenessMs = new Reservoir();
  /** Every staleness since start, for percentiles over windows longer than a second. */
  readonly stalenessSinceStart = new CumulativeHistogram();
  /** How late the engine's timers fired (see timer-lag.ts): the event-loop lag. */
  readonly timerLagMs = new Reservoir();
  private prev: RawCounters = { messages: 0, bytes: 0, snapshots: 0, pipelines: 0 };
  private prevCpu = process.cpuUsage();
  private prevTs: number;

  constructor(now: number) {
    this.prevTs = now;
  }

  /** Closes the current second. */
  sample(now: number, c: RawCounters): StatsSample {
    const dt = Math.max(1, now - this.prevTs) / 1000;
    const cpu = process.cpuUsage(this.prevCpu);
    const mem = process.memoryUsage();
    const messages = (c.messages - this.prev.messages) / dt;
    const snapshots = (c.snapshots - this.prev.snapshots) / dt;
    const [flushP50, flushP99] = this.flushMs.drain();
    const [stalenessP50, stalenessP99] = this.stalenessMs.drain();
    const [, lag] = this.timerLagMs.drain();
    const s: StatsSample = {
      t: now,
      messages,
      bytes: (c.bytes - this.prev.bytes) / dt,
      snapshots,
      pipelines: (c.pipelines - this.prev.pipelines) / dt,
      compression: snapshots > 0 ? messages / snapshots : 0,
      flushP50, flushP99, stalenessP50, stalenessP99,
      cpu: ((cpu.user + cpu.system) / 1000 / (dt * 1000)) * 100,
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      loopLagP99: lag,
    };
    this.history.push(s);
    this.prev = { ...c };
    this.prevCpu = process.cpuUsage();
    this.prevTs = now;
    return s;
  }
}

export function emptySample(t: number): StatsSample {
  return {
    t, messages: 0, bytes: 0, snapshots: 0, pipelines: 0, compression: 0, flushP50: 0, flushP99: 0,
    stalenessP50: 0, stalenessP99: 0, cpu: 0, rss: 0, heapUsed: 0, loopLagP99: 0,
  };
}
