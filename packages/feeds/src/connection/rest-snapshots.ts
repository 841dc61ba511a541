// The REST side of a venue whose books start from a REST snapshot (VenueModule.createRestSync:
// Binance): at most one request per market at a time, waiting for the module's REST budget, each
// answer judged by the tracker against the events it buffered. What follows from the verdict
// (deliver, fetch again, back off) is decided in subscriptions.ts.
import type { BookEvent, MarketInfo } from '@ob/core';
import type { FeedContext } from './context';
import type { RestSync, SyncResult } from './types';

export interface RestSnapshots<E extends BookEvent = BookEvent> {
  /** Asks for the market's snapshot unless one is on its way already; `done` gets the verdict or the error. */
  request(info: MarketInfo, done: (r: SyncResult<E> | Error) => void): void;
  /** A request for this market is waiting for the budget or for the venue. */
  pending(id: number): boolean;
  /** The budget's figures. */
  counters(): Readonly<Record<string, number>>;
  close(): void;
}

export function createRestSnapshots<E extends BookEvent>(ctx: FeedContext<E>, sync: RestSync<E>): RestSnapshots<E> {
  const { tracker } = ctx;
  const judge = tracker.snapshot?.bind(tracker);
  if (!judge) throw new Error(`${ctx.module.venue}: a venue synced from REST needs a tracker with snapshot()`);
  const pending = new Set<number>();
  return {
    request(info, done) {
      if (ctx.stopped || pending.has(info.id)) return;
      pending.add(info.id);
      ctx.c.snapshotRequests++;
      sync.snapshot(info, ctx.signal).then((snap) => {
        pending.delete(info.id);
        if (ctx.stopped) return;
        if (snap.market !== info.id) { done(new Error(`snapshot names market ${snap.market}, asked for ${info.id}`)); return; }
        done(judge(snap));
      }, (err: unknown) => {
        pending.delete(info.id);
        if (!ctx.stopped) done(err instanceof Error ? err : new Error(String(err)));
      });
    },
    pending: (id) => pending.has(id),
    counters: () => sync.counters(),
    close: () => sync.close(),
  };
}
