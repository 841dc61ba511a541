// Hyperliquid continuity: there is none to check (no sequence, no checksum; every message is the
// whole book), so last value wins, except that a book never goes back in time. A snapshot whose
// `time` (its seq) is older than the one the market last delivered is refused and counted: it
// would put an older book, with a lower seq, over a newer one in Redis. The last time survives a
// resubscribe or reconnect, so a late frame from a closed socket cannot win either.
import { MAX_MARKET_ID } from '../shared/market-ids';
import { AWAITING, LIVE } from '../connection/phase';
import { DELIVER, DROP } from '../connection/types';
import { createTracker, type PhaseTracker } from '../tracker-state';

export interface HyperliquidTrackerCounters {
  /** Snapshots refused for a `time` older than the market's book. */
  stale: number;
}

export function createHyperliquidTracker(): PhaseTracker {
  const lastTime = new Float64Array(MAX_MARKET_ID + 1);
  const counters: HyperliquidTrackerCounters = { stale: 0 };
  return createTracker((ev, p, phase) => {
    const id = ev.market;
    // Equal times are a repeat of the same block's book: harmless, and seq does not go down.
    if (ev.seq < lastTime[id]!) { counters.stale++; return DROP; }
    lastTime[id] = ev.seq;
    if (p === AWAITING) phase[id] = LIVE;
    return DELIVER;
  }, counters);
}
