// Time and logging as every engine part takes them (feeds, streamer), injected so tests can
// drive time with a fake clock and read logs. One definition, so one object serves all.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Monotonic ms with sub-millisecond resolution, when the clock has it: for short intervals. */
  preciseNow?(): number;
}

/** A pino-style logger; Fastify's and pino's loggers fit it. */
export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  preciseNow: () => performance.now(),
};

export const silentLog: Logger = { info() {}, warn() {}, error() {}, debug() {} };
