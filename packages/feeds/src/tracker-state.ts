// The part every venue's continuity tracker shares: which phase each market is in and since
// when, in flat arrays indexed by market id. The venue's own rule is its check().
import { AWAITING, IDLE } from './lighter/tracker';
import { MAX_MARKET_ID } from './market-ids';

export interface TrackerState {
  readonly phase: Uint8Array;
  readonly awaitingSince: Float64Array;
  await(id: number, now: number): void;
  idle(id: number): void;
}

export function createTrackerState(maxId = MAX_MARKET_ID): TrackerState {
  const phase = new Uint8Array(maxId + 1);
  const awaitingSince = new Float64Array(maxId + 1);
  return {
    phase,
    awaitingSince,
    // Out-of-range ids are ignored, as check() drops their frames (phase[id] is undefined).
    await(id, now) { if (id >= 0 && id <= maxId) { phase[id] = AWAITING; awaitingSince[id] = now; } },
    idle(id) { if (id >= 0 && id <= maxId) phase[id] = IDLE; },
  };
}
