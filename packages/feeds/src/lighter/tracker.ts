// Lighter continuity per market: a snapshot starts the book, each delta's begin_nonce must equal
// the previous nonce. Two refusals keep the seq written from ever going back (issue 20.2): a
// delta whose nonce is below its own begin_nonce, and a snapshot older than the book we already
// delivered (requested or not: the last nonce survives a resubscribe and a reconnect). Both are
// BACKWARD: refused, counted, and the market resynced. State lives in flat typed arrays indexed
// by market id, grown on demand, so the hot path does no lookups and allocates nothing.
import type { BookEvent } from '@ob/core';
import { AWAITING, IDLE, LIVE } from '../connection/phase';
import { BACKWARD, DELIVER, DROP, GAP, type ContinuityTracker } from '../connection/types';

export { IDLE, AWAITING, LIVE } from '../connection/phase';
export { DELIVER, DROP, GAP, BACKWARD, CHECKSUM, type Verdict } from '../connection/types';

/** Market ids above this are not Lighter's (ids grow by a few a month; spot starts near 2048). */
export const MAX_MARKET_ID = 1_000_000;

export interface LighterTrackerCounters {
  /** Deltas whose nonce was below their begin_nonce. */
  backwardDeltas: number;
  /** Snapshots older than the book already delivered. */
  staleSnapshots: number;
}

export interface MarketTracker extends ContinuityTracker {
  phase(id: number): number;
  counters(): Readonly<LighterTrackerCounters>;
}

export function createMarketTracker(): MarketTracker {
  let phase = new Uint8Array(64);
  /** nonce of the last delivered event; -1 before the first. */
  let lastSeq = new Float64Array(64).fill(-1);
  const c: LighterTrackerCounters = { backwardDeltas: 0, staleSnapshots: 0 };
  const grow = (id: number) => {
    let n = phase.length;
    while (n <= id) n *= 2;
    const p = new Uint8Array(n); p.set(phase); phase = p;
    const s = new Float64Array(n).fill(-1); s.set(lastSeq); lastSeq = s;
  };
  const inRange = (id: number) => Number.isInteger(id) && id >= 0 && id <= MAX_MARKET_ID;
  return {
    check(ev: BookEvent) {
      const id = ev.market;
      const p = phase[id]; // undefined past the arrays: never awaited, so not ours
      if (p === undefined || p === IDLE) return DROP;
      if (ev.kind === 'snapshot') {
        if (ev.seq < lastSeq[id]!) { c.staleSnapshots++; return BACKWARD; }
        phase[id] = LIVE;
        lastSeq[id] = ev.seq;
        return DELIVER;
      }
      if (p === AWAITING) return DROP;
      if (ev.prevSeq !== lastSeq[id]) return GAP;
      if (ev.seq < ev.prevSeq) { c.backwardDeltas++; return BACKWARD; }
      lastSeq[id] = ev.seq;
      return DELIVER;
    },
    await(id) {
      if (!inRange(id)) return;
      if (id >= phase.length) grow(id);
      phase[id] = AWAITING;
    },
    idle(id) { if (id >= 0 && id < phase.length) phase[id] = IDLE; },
    phase: (id) => phase[id] ?? IDLE,
    counters: () => ({ ...c }),
  };
}
