// One subscribe budget per venue, shared by first subscribes and resyncs: a request goes out
// only while the client messages sent in the window stay under the per-window budget AND the
// subscribes awaiting an answer stay under the in-flight budget. Pings and pongs are not held
// back (liveness needs them) but are counted, and room is kept for a window's worth of them:
// the reserve (what we expect), or as many as the last window carried when that is more. (The
// reserve used to come on top of the pings already counted, so in a steady state each ping was
// paid twice: with a venue pinging 8 idle connections every 5 s, 96 pongs and 16 pings a minute
// left 14 subscribes a minute of the 160 instead of 47.) New connections have their own
// per-window budget. The budgets are a share of the venue's documented limits, so a venue
// counting a little differently from us still sees us under its limits.

import type { VenueLimits } from './types';
import { SlidingWindow } from './window';

/** Share of a documented per-window limit we use: the rest covers clock skew and other clients on the IP. */
export const WINDOW_SHARE = 0.8;
/** Share of the documented in-flight limit (Lighter: 50; clients under ~35 report no errors). */
export const IN_FLIGHT_SHARE = 0.7;
export const MINUTE_MS = 60_000;

export interface PacerUse {
  /** Client messages in the current window, and the budget for them. */
  messages: number;
  messageBudget: number;
  /** Subscribes awaiting an answer, and the budget for them. */
  inFlight: number;
  inFlightBudget: number;
  /** Connections opened in the current connection window, and the budget. */
  connections: number;
  connectionBudget: number;
  /** Requests refused for budget so far (they wait; nothing is dropped). */
  held: number;
}

export interface Pacer {
  /**
   * Takes `messages` from the window budget and `inFlight` slots, when both have room above the
   * reserve for pings; false (nothing taken) otherwise.
   */
  take(now: number, messages: number, inFlight: number): boolean;
  /** Messages that go out regardless (pings, pongs): counted against the window, and against the reserve. */
  note(now: number, messages: number): void;
  /** An in-flight request was answered, refused or timed out. */
  release(): void;
  /** Keep room for this many pings and pongs in any window (links × pings per window), less those already in it. */
  reserve(messages: number): void;
  /** A new connection may be dialled now (and is counted). */
  takeConnection(now: number): boolean;
  /** The venue said we are too fast: send no subscribe until `until`. */
  holdUntil(until: number): void;
  use(now: number): PacerUse;
}

export function createPacer(limits: VenueLimits): Pacer {
  const windowMs = limits.messageWindowMs ?? MINUTE_MS;
  const messages = new SlidingWindow(windowMs);
  /** The pings and pongs among them. */
  const pings = new SlidingWindow(windowMs);
  const messageBudget = limits.messagesPerMinute !== undefined ? Math.max(1, Math.floor(limits.messagesPerMinute * WINDOW_SHARE)) : Infinity;
  const inFlightBudget = limits.messagesInFlight !== undefined ? Math.max(1, Math.floor(limits.messagesInFlight * IN_FLIGHT_SHARE)) : Infinity;
  const connections = new SlidingWindow(limits.connectionWindowMs ?? MINUTE_MS);
  const connectionBudget = limits.connectionsPerWindow !== undefined ? Math.max(1, Math.floor(limits.connectionsPerWindow * WINDOW_SHARE)) : Infinity;
  let inFlight = 0;
  let reserved = 0;
  let held = 0;
  let holdUntil = 0;
  return {
    take(now, n, f) {
      if (now < holdUntil || inFlight + f > inFlightBudget
        || (messageBudget !== Infinity && messages.count(now) + n + Math.max(0, reserved - pings.count(now)) > messageBudget)) { held++; return false; }
      messages.add(now, n);
      inFlight += f;
      return true;
    },
    note(now, n) { messages.add(now, n); pings.add(now, n); },
    release() { if (inFlight > 0) inFlight--; },
    // At most half the budget goes to the reserve, so subscribes always move.
    reserve(n) { reserved = messageBudget === Infinity ? 0 : Math.min(n, Math.floor(messageBudget / 2)); },
    takeConnection(now) {
      if (connectionBudget !== Infinity && connections.count(now) >= connectionBudget) return false;
      connections.add(now);
      return true;
    },
    holdUntil(until) { holdUntil = Math.max(holdUntil, until); },
    use: (now) => ({
      messages: messages.count(now), messageBudget, inFlight, inFlightBudget,
      connections: connections.count(now), connectionBudget, held,
    }),
  };
}
