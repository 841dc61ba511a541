// A seeded random run against a slow sink that acks writes one at a time, out of the engine's
// control: whatever the interleaving, no market is in two writes at once, each market's acked
// seqs only go up, and once everything is acked Redis would hold every market's latest book.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStreamer } from '../src/create-streamer';
import type { SinkRecord, SnapshotSink } from '../src/types';
import { FakeClock } from './fake-clock';
import { FakeFeed, marketList } from './fake-feed';
import { parseRecord } from './recording-sink';

interface Pending { seqs: Map<string, number>; settle: (ok: boolean) => void }

/** A sink whose writes wait until the test acks or fails them, one by one. */
class SlowSink implements SnapshotSink {
  readonly url = 'memory://slow';
  readonly inFlight: Pending[] = [];
  maxInFlightFlushes = 0;
  /** What a Redis that applied the acked writes in order would hold: symbol → seq. */
  readonly stored = new Map<string, number>();
  readonly ackedSeqs = new Map<string, number[]>();
  overlap = '';

  write(records: readonly SinkRecord[]): Promise<void> {
    const seqs = new Map(records.map((r) => [r.symbol, parseRecord(r).seq]));
    for (const p of this.inFlight) for (const s of seqs.keys()) if (p.seqs.has(s)) this.overlap ||= s;
    return new Promise((resolve, reject) => {
      const entry: Pending = {
        seqs,
        settle: (ok) => {
          this.inFlight.splice(this.inFlight.indexOf(entry), 1);
          if (!ok) { reject(new Error('write failed')); return; }
          for (const [s, seq] of seqs) {
            this.stored.set(s, seq);
            this.ackedSeqs.set(s, [...(this.ackedSeqs.get(s) ?? []), seq]);
          }
          resolve();
        },
      };
      this.inFlight.push(entry);
    });
  }

  status(): 'writable' { return 'writable'; }
  async close(): Promise<void> {}
}

/** mulberry32: a small seeded PRNG so a failure replays exactly. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

for (const seed of [1, 2, 3]) {
  test(`random interleaving of events, acks and failures keeps writes ordered (seed ${seed})`, async () => {
    const rnd = prng(seed);
    const clock = new FakeClock();
    const markets = marketList(6);
    const feed = new FakeFeed(markets, 'testvenue', () => clock.now());
    const sink = new SlowSink();
    const streamer = createStreamer({
      feed, source: 'test', sink, clock, settings: { batchIntervalMs: 20, maxBatchSize: 2, minChangeBps: 5, maxStalenessMs: 60 },
    });
    await streamer.start();
    const latest = new Map<string, number>();
    for (const m of markets) latest.set(m.symbol, feed.snapshot(m.id, ['100.00', '1'], ['101.00', '1']));

    for (let step = 0; step < 600; step++) {
      const r = rnd();
      const id = Math.floor(rnd() * markets.length);
      if (r < 0.5) {
        const price = (100 - rnd()).toFixed(2);
        latest.set(`M${id}`, feed.delta(id, [price, String(1 + Math.floor(rnd() * 9))], []));
      } else if (r < 0.53) {
        feed.invalidate(id, 'gap');
        latest.set(`M${id}`, feed.snapshot(id, ['100.00', '1'], ['101.00', '1']));
      } else if (r < 0.75 && sink.inFlight.length) {
        sink.inFlight[Math.floor(rnd() * sink.inFlight.length)]!.settle(rnd() > 0.15);
      }
      await clock.advance(Math.floor(rnd() * 15));
      assert.equal(sink.overlap, '', `a market was in two writes at once (step ${step})`);
    }
    // Ack everything from here on until nothing is pending or in flight.
    for (let i = 0; i < 200 && (sink.inFlight.length || streamer.stats().pendingMarkets); i++) {
      while (sink.inFlight.length) sink.inFlight[0]!.settle(true);
      await clock.advance(100);
    }
    assert.equal(sink.inFlight.length, 0);
    assert.equal(streamer.stats().pendingMarkets, 0);
    for (const [symbol, seqs] of sink.ackedSeqs) {
      // A snapshot after a gap may reuse a lower seq only in real feeds; the fake feed's seqs only grow.
      assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), `${symbol} acked out of order`);
      assert.equal(new Set(seqs).size, seqs.length, `${symbol} wrote a seq twice`);
    }
    for (const [symbol, seq] of latest) assert.equal(sink.stored.get(symbol), seq, `${symbol} holds its latest book`);
    await streamer.stop();
  });
}
