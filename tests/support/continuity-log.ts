// Records, in one timeline, what the feed hands the engine and what the engine writes, so a
// test can prove no snapshot was ever written from a book built across a gap.
import type { BookEvent, FeedListener, FeedSource } from '@ob/core';
import type { SinkRecord, SnapshotSink } from '@ob/streamer';

type Entry =
  | { t: 'event'; market: number; kind: BookEvent['kind']; seq: number; prevSeq: number }
  | { t: 'invalidate'; market: number }
  | { t: 'write'; market: number; seq: number };

export class ContinuityLog {
  readonly entries: Entry[] = [];
  writes = 0;

  /** The same feed, with every listener call logged before the engine sees it. */
  wrapFeed<F extends FeedSource>(feed: F): F {
    const log = this.entries;
    return new Proxy(feed, {
      get(target, prop, receiver) {
        if (prop !== 'start') return Reflect.get(target, prop, receiver);
        return (listener: FeedListener) => target.start({
          event(ev) {
            log.push({ t: 'event', market: ev.market, kind: ev.kind, seq: ev.seq, prevSeq: ev.prevSeq });
            listener.event(ev);
          },
          invalidate(market, reason) { log.push({ t: 'invalidate', market }); listener.invalidate(market, reason); },
          markets(list) { listener.markets(list); },
        });
      },
    });
  }

  /** The same sink, with the market and seq of every snapshot logged when it is handed over. */
  wrapSink(sink: SnapshotSink): SnapshotSink {
    const self = this;
    return {
      get url() { return sink.url; },
      status: () => sink.status(),
      close: () => sink.close(),
      write(records: readonly SinkRecord[], ttl: number) {
        for (const r of records) {
          const snap = JSON.parse(String(r.value)) as { market: number; seq: number };
          self.entries.push({ t: 'write', market: snap.market, seq: snap.seq });
          self.writes++;
        }
        return sink.write(records, ttl);
      },
    };
  }

  /**
   * Replays the timeline per market: a write is legal only when the market's book was built from
   * a snapshot and an unbroken chain of deltas (each begin_nonce = previous nonce) since, and it
   * carries the seq of the last event applied. Returns the violations.
   */
  violations(): string[] {
    const state = new Map<number, { valid: boolean; seq: number }>();
    const bad: string[] = [];
    for (const e of this.entries) {
      const s = state.get(e.market) ?? { valid: false, seq: -1 };
      state.set(e.market, s);
      if (e.t === 'invalidate') s.valid = false;
      else if (e.t === 'event') {
        if (e.kind === 'snapshot') { s.valid = true; s.seq = e.seq; }
        else if (!s.valid) bad.push(`market ${e.market}: delta ${e.prevSeq}→${e.seq} delivered while invalid`);
        else if (e.prevSeq !== s.seq) { bad.push(`market ${e.market}: delta ${e.prevSeq}→${e.seq} after ${s.seq}`); s.valid = false; }
        else s.seq = e.seq;
      } else if (!s.valid) bad.push(`market ${e.market}: wrote seq ${e.seq} from an invalid book`);
      else if (e.seq !== s.seq) bad.push(`market ${e.market}: wrote seq ${e.seq}, book was at ${s.seq}`);
    }
    return bad;
  }
}
