// Continuity per market for the diff depth stream, by Binance's documented sync ("How to manage
// a local order book correctly"): buffer events, take a REST snapshot (lastUpdateId L), drop
// events with u < L, the first applied must have U <= L <= u, then each event's pu must equal
// the previous u; otherwise that market alone starts over from a new snapshot. One addition:
// a first event with pu == L also bridges (the event before it ended exactly at the snapshot).
// The docs' rule alone refuses it and costs a snapshot (weight 20) for nothing, and it is what a
// quiet market gives whenever its snapshot is newer than every buffered event. Pure state: the
// caller fetches snapshots (paced by a weight budget) and delivers what this returns.
import { DELIVER, DROP, GAP, type ContinuityTracker, type SyncResult as Sync } from '../connection/types';
import type { BinanceDepthEvent } from './parse';

/** Not subscribed: events are dropped. */
export const IDLE = 0;
/** Subscribed, waiting for a REST snapshot: events are buffered. */
export const BUFFERING = 1;
/** Snapshot applied, no event yet: the next must straddle it (U <= L <= u) or follow it (pu == L). */
export const BRIDGING = 2;
/** Every event since the snapshot chained by pu. */
export const LIVE = 3;

/**
 * Events buffered per market while its snapshot is awaited (about 100 s at 100 ms). Past it the
 * oldest half goes: a snapshot that old would be refused as stale anyway, and fetched again.
 */
export const MAX_BUFFERED_EVENTS = 1_000;

/**
 * synced (deliver the snapshot and the buffered events it bridges to), stale (older than the first
 * buffered event: U > L and pu != L), gap (the buffered events break their pu chain after it), or
 * ignored (the market was not waiting for a snapshot).
 */
export type SyncResult = Sync<BinanceDepthEvent>;

interface MarketState {
  phase: number;
  /** u of the last delivered event, or L of the snapshot while BRIDGING. */
  last: number;
  buffer: BinanceDepthEvent[];
}

export interface BinanceTrackerCounters {
  /** Events held for a snapshot. */
  buffered: number;
  /** Events dropped from a full buffer. */
  bufferOverflows: number;
  /** Snapshots older than the buffered events. */
  staleSnapshots: number;
}

export interface BinanceTracker extends ContinuityTracker<BinanceDepthEvent> {
  /** DELIVER, DROP (ignored or buffered) or GAP (the market now waits for a new snapshot). */
  check(ev: BinanceDepthEvent): number;
  /** Applies a REST snapshot against the market's buffer. */
  snapshot(snap: BinanceDepthEvent): SyncResult;
  phase(market: number): number;
  counters(): Readonly<BinanceTrackerCounters>;
}

/** The first event applied on a snapshot at L (one with u >= L). */
const bridges = (ev: BinanceDepthEvent, L: number) => ev.firstSeq <= L || ev.prevSeq === L;

export function createBinanceTracker(maxBuffered = MAX_BUFFERED_EVENTS): BinanceTracker {
  const states: (MarketState | undefined)[] = [];
  const c: BinanceTrackerCounters = { buffered: 0, bufferOverflows: 0, staleSnapshots: 0 };

  const hold = (st: MarketState, ev: BinanceDepthEvent) => {
    if (st.buffer.length >= maxBuffered) {
      const drop = Math.ceil(maxBuffered / 2);
      st.buffer.splice(0, drop);
      c.bufferOverflows += drop;
    }
    st.buffer.push(ev);
    c.buffered++;
  };

  /** Continuity lost: wait for a new snapshot, keeping the event that showed it. */
  const restart = (st: MarketState, ev: BinanceDepthEvent) => {
    st.phase = BUFFERING;
    st.buffer = [];
    hold(st, ev);
    return GAP;
  };

  return {
    check(ev) {
      const st = states[ev.market];
      if (st === undefined || st.phase === IDLE) return DROP;
      if (st.phase === BUFFERING) { hold(st, ev); return DROP; }
      if (st.phase === LIVE) {
        if (ev.prevSeq !== st.last) return restart(st, ev);
        st.last = ev.seq;
        return DELIVER;
      }
      // BRIDGING: older than the snapshot → drop; straddling or following it → live; past it → a gap.
      if (ev.seq < st.last) return DROP;
      if (!bridges(ev, st.last)) return restart(st, ev);
      st.phase = LIVE;
      st.last = ev.seq;
      return DELIVER;
    },

    snapshot(snap) {
      const st = states[snap.market];
      if (st === undefined || st.phase !== BUFFERING) return { verdict: 'ignored' };
      const L = snap.seq;
      const buf = st.buffer;
      let i = 0;
      while (i < buf.length && buf[i]!.seq < L) i++;
      if (i === buf.length) {
        st.phase = BRIDGING;
        st.last = L;
        st.buffer = [];
        return { verdict: 'synced', deliver: [snap] };
      }
      if (!bridges(buf[i]!, L)) {
        st.buffer = buf.slice(i);
        c.staleSnapshots++;
        return { verdict: 'stale' };
      }
      const deliver = [snap, buf[i]!];
      let last = buf[i]!.seq;
      for (let j = i + 1; j < buf.length; j++) {
        const ev = buf[j]!;
        if (ev.prevSeq !== last) {
          st.buffer = buf.slice(j);
          return { verdict: 'gap' };
        }
        deliver.push(ev);
        last = ev.seq;
      }
      st.phase = LIVE;
      st.last = last;
      st.buffer = [];
      return { verdict: 'synced', deliver };
    },

    await(market) {
      states[market] = { phase: BUFFERING, last: -1, buffer: [] };
    },
    idle(market) {
      const st = states[market];
      if (st) { st.phase = IDLE; st.buffer = []; }
    },
    phase: (market) => states[market]?.phase ?? IDLE,
    counters: () => ({ ...c }),
  };
}
