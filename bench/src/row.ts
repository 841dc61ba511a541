// One line of the benchmark table. Every suite (throughput, cpu, book core, ...) returns these;
// report.ts prints them and writes BENCHMARKS.md from them.

export interface Row {
  /** Section heading, e.g. "Throughput", "Book core". */
  section: string;
  /** What was measured, e.g. "streamer msg/s". */
  name: string;
  value: number | string;
  /** "msg/s", "%", "ms", "MB", "x" ... */
  unit?: string;
  /** The goal as text, e.g. ">= 250000"; absent when none applies. */
  goal?: string;
  /** Whether the goal was met; absent when no goal applies. */
  met?: boolean;
  note?: string;
}
