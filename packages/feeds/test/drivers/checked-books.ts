// What a test driver builds from a venue's events: one @ob/orderbook book per market, whether it
// may be written (valid), and every breach of our guarantees (a delta applied to a book that is
// not valid). Compared with a simulator's true books at the end.
import type { BookEvent } from '@ob/core';
import { OrderBook } from '@ob/orderbook';
import { waitFor } from '@ob/testkit';

export interface Truth { seq: number; bids: [string, string][]; asks: [string, string][] }

/** Deeper than any simulated book: the whole book is compared. */
const ALL_LEVELS = 5_000;

export class CheckedBooks {
  readonly books = new Map<number, OrderBook>();
  readonly valid = new Map<number, boolean>();
  readonly seq = new Map<number, number>();
  readonly snapshots = new Map<number, number>();
  readonly violations: string[] = [];
  readonly invalidations: Array<[market: number, reason: string]> = [];
  delivered = 0;

  apply(ev: BookEvent): void {
    this.delivered++;
    let book = this.books.get(ev.market);
    if (!book) { book = new OrderBook(); this.books.set(ev.market, book); }
    if (ev.kind === 'snapshot') {
      book.applySnapshot(ev.bids, ev.asks, ev.bidKeys, ev.askKeys);
      this.valid.set(ev.market, true);
      this.snapshots.set(ev.market, (this.snapshots.get(ev.market) ?? 0) + 1);
    } else {
      if (this.valid.get(ev.market) !== true) this.violations.push(`${ev.market}: delta ${ev.seq} applied while invalid`);
      book.applyDelta(ev.bids, ev.asks, ev.bidKeys, ev.askKeys);
    }
    this.seq.set(ev.market, ev.seq);
  }

  invalidate(market: number, reason: string): void {
    if (this.valid.get(market) === true) this.invalidations.push([market, reason]);
    this.valid.set(market, false);
  }

  allValid(ids: readonly number[]): boolean { return ids.every((id) => this.valid.get(id) === true); }

  /** Markets whose book is not valid or differs from the truth (sequence and every level). */
  differences(ids: readonly number[], truth: (id: number) => Truth): string[] {
    const bad: string[] = [];
    for (const id of ids) {
      const t = truth(id);
      const book = this.books.get(id);
      if (!book || this.valid.get(id) !== true) { bad.push(`${id}: no valid book`); continue; }
      if (this.seq.get(id) !== t.seq) { bad.push(`${id}: seq ${this.seq.get(id)} != ${t.seq}`); continue; }
      const top = book.top(ALL_LEVELS);
      if (JSON.stringify(top.bids) !== JSON.stringify(t.bids) || JSON.stringify(top.asks) !== JSON.stringify(t.asks)) bad.push(`${id}: levels differ`);
    }
    return bad;
  }
}

/** Pauses the venue, waits (generously) until every book equals its truth, resumes. */
export async function equalWhilePaused(
  venue: { pause(): void; resume(): void }, books: CheckedBooks, ids: readonly number[], truth: (id: number) => Truth,
): Promise<void> {
  venue.pause();
  try {
    await waitFor(() => books.differences(ids, truth).length === 0,
      { message: `books equal the venue: ${books.differences(ids, truth).slice(0, 3).join('; ')}` });
  } finally { venue.resume(); }
}
