// Continuity per market for OKX `books`: a snapshot, then updates whose prevSeqId must equal the
// previous seqId (ids jump by more than one; after maintenance seqId may restart lower than
// prevSeqId, which is still continuous). After each event the tracker's own copy of the book is
// checked against the venue's checksum when the venue sent one (non-zero): a mismatch, like a
// gap, sends that market alone back to waiting for a snapshot. Pure state, no I/O.
import { DELIVER, DROP, GAP, type ContinuityTracker } from '../connection/types';
import { MirrorSide } from './book-mirror';
import { okxChecksum } from './checksum';
import type { OkxBookEvent } from './parse';

/** The book after this event does not match the venue's checksum: invalidate and resync that market. */
export const CHECKSUM = 3;

export const IDLE = 0;
/** Subscribed, waiting for a snapshot: updates are dropped. */
export const AWAITING = 1;
export const LIVE = 2;

interface MarketState {
  phase: number;
  last: number;
  bids: MirrorSide;
  asks: MirrorSide;
  checksumErrors: number;
}

export interface OkxTrackerCounters {
  /** Events whose checksum was verified (non-zero). */
  checksumsVerified: number;
  checksumMismatches: number;
  /** Empty updates with seqId = prevSeqId: the venue's "still alive" on a quiet book. */
  heartbeats: number;
  /** Updates with seqId below prevSeqId: the venue restarted its sequence (continuous). */
  sequenceResets: number;
}

export interface OkxTracker extends ContinuityTracker<OkxBookEvent> {
  /** DELIVER, DROP, GAP or CHECKSUM. */
  check(ev: OkxBookEvent): number;
  phase(market: number): number;
  /** Checksum mismatches of one market since start. */
  checksumErrors(market: number): number;
  counters(): Readonly<OkxTrackerCounters>;
}

export function createOkxTracker(): OkxTracker {
  const states: (MarketState | undefined)[] = [];
  const c: OkxTrackerCounters = { checksumsVerified: 0, checksumMismatches: 0, heartbeats: 0, sequenceResets: 0 };

  const verify = (st: MarketState, ev: OkxBookEvent): number => {
    if (ev.checksum === 0) return DELIVER;
    c.checksumsVerified++;
    if (okxChecksum(st.bids, st.asks) === ev.checksum) return DELIVER;
    c.checksumMismatches++;
    st.checksumErrors++;
    st.phase = AWAITING;
    return CHECKSUM;
  };

  return {
    check(ev) {
      const st = states[ev.market];
      if (st === undefined || st.phase === IDLE) return DROP;
      if (ev.kind === 'snapshot') {
        st.bids.clear();
        st.asks.clear();
        st.bids.apply(ev.bids, ev.bidKeys);
        st.asks.apply(ev.asks, ev.askKeys);
        st.phase = LIVE;
        st.last = ev.seq;
        return verify(st, ev);
      }
      if (st.phase === AWAITING) return DROP;
      if (ev.prevSeq !== st.last) { st.phase = AWAITING; return GAP; }
      st.last = ev.seq;
      if (ev.seq < ev.prevSeq) c.sequenceResets++;
      if (ev.seq === ev.prevSeq && ev.bids.length === 0 && ev.asks.length === 0) {
        c.heartbeats++;
        return DROP; // nothing changed: no write for the engine to do
      }
      st.bids.apply(ev.bids, ev.bidKeys);
      st.asks.apply(ev.asks, ev.askKeys);
      return verify(st, ev);
    },
    await(market) {
      const st = states[market];
      if (st) { st.phase = AWAITING; return; }
      states[market] = { phase: AWAITING, last: -1, bids: new MirrorSide(true), asks: new MirrorSide(false), checksumErrors: 0 };
    },
    idle(market) {
      const st = states[market];
      if (st) { st.phase = IDLE; st.bids.clear(); st.asks.clear(); }
    },
    phase: (market) => states[market]?.phase ?? IDLE,
    checksumErrors: (market) => states[market]?.checksumErrors ?? 0,
    counters: () => ({ ...c }),
  };
}
