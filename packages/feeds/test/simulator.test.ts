// The Lighter client against the real simulator (a separate WS+HTTP server speaking Lighter):
// events fed into @ob/orderbook books must end equal to the venue's true books, also while the
// venue drops connections and skips nonces, and no delta may ever be delivered across a gap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@ob/testkit';
import { createSimulator, type Simulator } from '@ob/simulator';
import type { BookEvent, FeedListener, InvalidateReason } from '@ob/core';
import { OrderBook } from '@ob/orderbook';
import { createLighterFeed, type LighterFeed } from '../src/index';
import { fastBackoff, memoryLog } from './venue';

const DEPTH = 50;

/** Books per market plus a continuity check of everything the feed delivers. */
class CheckedBooks implements FeedListener {
  books = new Map<number, OrderBook>();
  valid = new Map<number, boolean>();
  seq = new Map<number, number>();
  violations: string[] = [];
  invalidations: Array<[number, InvalidateReason]> = [];
  listed = 0;

  event(ev: BookEvent): void {
    let book = this.books.get(ev.market);
    if (!book) { book = new OrderBook(); this.books.set(ev.market, book); }
    if (ev.kind === 'snapshot') {
      book.applySnapshot(ev.bids, ev.asks);
      this.valid.set(ev.market, true);
    } else {
      if (!this.valid.get(ev.market)) this.violations.push(`${ev.market}: delta ${ev.seq} while invalid`);
      else if (ev.prevSeq !== this.seq.get(ev.market)) this.violations.push(`${ev.market}: delta ${ev.prevSeq}→${ev.seq} after ${this.seq.get(ev.market)}`);
      book.applyDelta(ev.bids, ev.asks);
    }
    this.seq.set(ev.market, ev.seq);
  }
  invalidate(market: number, reason: InvalidateReason): void {
    this.valid.set(market, false);
    this.invalidations.push([market, reason]);
  }
  markets(list: readonly unknown[]): void { this.listed = list.length; }

  allValid(ids: number[]): boolean { return ids.every((id) => this.valid.get(id) === true); }

  /** Markets whose book differs from the simulator's (top DEPTH levels and nonce). */
  mismatches(sim: Simulator): string[] {
    const bad: string[] = [];
    for (const { id, symbol } of sim.markets()) {
      const truth = sim.trueBook(id);
      const book = this.books.get(id);
      if (!book || this.valid.get(id) !== true) { bad.push(`${symbol}: no valid book`); continue; }
      if (this.seq.get(id) !== truth.nonce) { bad.push(`${symbol}: seq ${this.seq.get(id)} != ${truth.nonce}`); continue; }
      const top = book.top(DEPTH);
      if (JSON.stringify(top.bids) !== JSON.stringify(truth.bids.slice(0, DEPTH))
        || JSON.stringify(top.asks) !== JSON.stringify(truth.asks.slice(0, DEPTH))) bad.push(`${symbol}: levels differ`);
    }
    return bad;
  }
}

async function setup(rate: number, seed: number) {
  const sim = createSimulator({ port: 0, rate, seed, markets: 12 });
  const { wsUrl, restUrl } = await sim.start();
  const books = new CheckedBooks();
  const feed: LighterFeed = createLighterFeed({ wsUrl, restUrl, log: memoryLog(), backoff: fastBackoff });
  await feed.start(books);
  const ids = sim.markets().map((m) => m.id);
  return { sim, feed, books, ids, close: async () => { await feed.stop(); await sim.stop(); } };
}

test('books built from the feed equal the simulator after pause()', async () => {
  const { sim, feed, books, ids, close } = await setup(2_000, 3);
  try {
    assert.equal(books.listed, ids.length);
    await waitFor(() => books.allValid(ids), { message: 'a snapshot for every market' });
    await waitFor(() => feed.counters().bookEvents > ids.length * 5, { message: 'deltas flowing' });
    sim.pause();
    await waitFor(() => books.mismatches(sim).length === 0, { message: 'books equal the simulator' });
    assert.deepEqual(books.violations, []);
    assert.equal(feed.counters().gaps, 0);
    assert.equal(feed.counters().parseErrors, 0);
  } finally { await close(); }
});

test('drops and skipped nonces: end state equals the simulator, nothing delivered across a gap', async () => {
  const { sim, feed, books, ids, close } = await setup(3_000, 7);
  try {
    await waitFor(() => books.allValid(ids), { message: 'a snapshot for every market' });
    let drops = 0;
    let skips = 0;
    // Faults on a schedule (pacing only: nothing below asserts on time).
    for (let round = 0; round < 12; round++) {
      await sleep(100);
      sim.faults.skipNonce(ids[(round * 5) % ids.length]!);
      skips++;
      if (round % 3 === 2) { sim.faults.dropConnections(); drops++; }
    }
    await waitFor(() => feed.counters().reconnects >= drops, { message: `${drops} reconnects` });
    await waitFor(() => feed.counters().gaps >= 1, { message: 'a gap detected' });
    await waitFor(() => books.allValid(ids), { message: 'every market valid again' });
    sim.pause();
    await waitFor(() => books.mismatches(sim).length === 0, { message: 'books equal the simulator' });
    assert.ok(skips > 0 && drops > 0);
    assert.ok(feed.counters().resyncs >= 1);
    assert.ok(books.invalidations.some(([, r]) => r === 'disconnect'));
    assert.ok(books.invalidations.some(([, r]) => r === 'gap'));
    assert.deepEqual(books.violations, [], 'no delta delivered across a gap');
  } finally { await close(); }
});
