// Reconnect delays: exponential from RECONNECT_BASE_MS, capped so a restarted backend is
// picked up within a few seconds, with jitter so many open tabs do not reconnect in step.
export const RECONNECT_BASE_MS = 250;
export const RECONNECT_CAP_MS = 5_000;
const JITTER = 0.2;

/** Delay before reconnect attempt number `attempt` (0-based). */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const exp = RECONNECT_BASE_MS * 2 ** Math.min(attempt, 16);
  const jittered = Math.min(RECONNECT_CAP_MS, exp) * (1 - JITTER + 2 * JITTER * random());
  return Math.round(Math.min(RECONNECT_CAP_MS, jittered));
}
