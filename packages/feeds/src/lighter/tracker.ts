// Per-market subscription and continuity state, in flat arrays indexed by market id
// (ids are small integers, checked against MAX_MARKET_ID), so the hot path does no lookups
// in Maps and allocates nothing. Pure state: the client does the I/O.
import type { BookEvent } from '@ob/core';
import { MAX_MARKET_ID } from './markets';

/** Not subscribed: frames for it are dropped. */
export const IDLE = 0;
/** Subscribed, waiting for a snapshot: deltas are dropped. */
export const AWAITING = 1;
/** Snapshot seen and every delta since continuous. */
export const LIVE = 2;

/** What check() says to do with a book event. */
export const DELIVER = 0;
export const DROP = 1;
export const GAP = 2;
export type Verdict = typeof DELIVER | typeof DROP | typeof GAP;

export interface MarketTracker {
  readonly phase: Uint8Array;
  /** clock time the market entered AWAITING (for the snapshot timeout). */
  readonly awaitingSince: Float64Array;
  /** Decides what to do with one book event, updating the market's state. */
  check(ev: BookEvent): Verdict;
  /** The market was (re)subscribed: wait for its snapshot. */
  await(id: number, now: number): void;
  /** Unsubscribed or disconnected. */
  idle(id: number): void;
}

export function createMarketTracker(): MarketTracker {
  const phase = new Uint8Array(MAX_MARKET_ID + 1);
  const lastSeq = new Float64Array(MAX_MARKET_ID + 1);
  const awaitingSince = new Float64Array(MAX_MARKET_ID + 1);
  return {
    phase,
    awaitingSince,
    check(ev) {
      const id = ev.market;
      // A market we did not ask for (or an id out of range: phase[] is undefined there).
      const p = phase[id];
      if (p === undefined || p === IDLE) return DROP;
      if (ev.kind === 'snapshot') {
        phase[id] = LIVE;
        lastSeq[id] = ev.seq;
        return DELIVER;
      }
      if (p === AWAITING) return DROP;
      if (ev.prevSeq !== lastSeq[id]) return GAP;
      lastSeq[id] = ev.seq;
      return DELIVER;
    },
    await(id, now) { phase[id] = AWAITING; awaitingSince[id] = now; },
    idle(id) { phase[id] = IDLE; },
  };
}
