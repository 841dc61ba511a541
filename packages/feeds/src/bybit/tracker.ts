// Bybit continuity for `orderbook.50`: a snapshot (or any message with u == 1, the book after a
// service restart) replaces the book; each delta's u must be the previous u + 1, anything else
// is a gap. A snapshot arriving mid-stream is the venue resetting the book (it re-sends one
// when something went wrong on its side): delivered, and counted.
import { MAX_MARKET_ID } from '../shared/market-ids';
import { AWAITING, LIVE } from '../connection/phase';
import { DELIVER, DROP, GAP } from '../connection/types';
import { createTracker, type PhaseTracker } from '../tracker-state';

export interface BybitTrackerCounters {
  /** Snapshots that replaced a live book (not the first after a subscribe). */
  snapshotResets: number;
  /** Books that came with u == 1 (service restarts). */
  serviceRestarts: number;
}

export function createBybitTracker(): PhaseTracker {
  const lastU = new Float64Array(MAX_MARKET_ID + 1);
  const counters: BybitTrackerCounters = { snapshotResets: 0, serviceRestarts: 0 };
  return createTracker((ev, p, phase) => {
    const id = ev.market;
    if (ev.kind === 'snapshot') {
      if (p === LIVE) counters.snapshotResets++;
      if (ev.seq === 1) counters.serviceRestarts++;
      phase[id] = LIVE;
      lastU[id] = ev.seq;
      return DELIVER;
    }
    if (p === AWAITING) return DROP;
    if (ev.seq !== lastU[id]! + 1) return GAP;
    lastU[id] = ev.seq;
    return DELIVER;
  }, counters);
}
