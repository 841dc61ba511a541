// What every venue's continuity tracker shares: each market's phase and since when, in flat
// arrays indexed by market id, and the rule that a market not subscribed (or an id out of range)
// drops its frames. The venue's own continuity rule is the `rule` it passes in.
import type { BookEvent } from '@ob/core';
import { AWAITING, IDLE } from './connection/phase';
import { DROP, type ContinuityTracker, type Verdict } from './connection/types';
import { MAX_MARKET_ID } from './shared/market-ids';

/** A tracker whose per-market phase (IDLE, AWAITING, LIVE) and since when sit in flat arrays. */
export interface PhaseTracker extends ContinuityTracker {
  readonly phase: Uint8Array;
  /** Clock time the market entered AWAITING. */
  readonly awaitingSince: Float64Array;
  counters(): Readonly<Record<string, number>>;
}

/** Decides on an event of a subscribed market (`p` AWAITING or LIVE); may set `phase[ev.market]`. */
export type TrackerRule = (ev: BookEvent, p: number, phase: Uint8Array) => Verdict;

/** `counters` is the venue's own counter object, which its rule mutates; counters() returns a copy. */
export function createTracker<C extends { [K in keyof C]: number }>(rule: TrackerRule, counters: C, maxId = MAX_MARKET_ID): PhaseTracker {
  const phase = new Uint8Array(maxId + 1);
  const awaitingSince = new Float64Array(maxId + 1);
  const inRange = (id: number) => id >= 0 && id <= maxId;
  return {
    phase,
    awaitingSince,
    check(ev) {
      const p = phase[ev.market]; // undefined out of range (a market -1 the parser could not name)
      return p === undefined || p === IDLE ? DROP : rule(ev, p, phase);
    },
    await(id, now) { if (inRange(id)) { phase[id] = AWAITING; awaitingSince[id] = now ?? 0; } },
    idle(id) { if (inRange(id)) phase[id] = IDLE; },
    counters: () => ({ ...counters }) as Record<string, number>,
  };
}
