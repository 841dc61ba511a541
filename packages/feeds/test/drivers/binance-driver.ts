// A small test driver for the Binance USD-M venue module until the production client exists:
// a real `ws` socket, SUBSCRIBE from messages.ts, frames through parse.ts and tracker.ts, REST
// snapshots through the weight budget (on the subscribe ack, on a gap, again when stale), into
// @ob/orderbook books. Reconnects after a close, invalidating and resyncing every market.
import type { MarketInfo } from '@ob/core';
import { binanceUsdm } from '../../src/index';
import { DELIVER, GAP } from '../../src/shared/venue-types';
import { BUFFERING } from '../../src/binance-usdm/tracker';
import { CheckedBooks } from './checked-books';
import { reconnectingSocket } from './reconnecting-socket';

export interface BinanceDriverOptions {
  wsUrl: string;
  restUrl: string;
  budget?: binanceUsdm.RestWeightBudget;
  /** Symbols to stream; absent: every listed market. */
  symbols?: readonly string[];
}

export interface BinanceDriverCounters {
  frames: number; invalid: number; unknown: number; acks: number; errors: number; gaps: number;
  snapshotsRequested: number; snapshotFailures: number;
}

const SNAPSHOT_RETRY_MS = 50;

export async function startBinanceDriver(opts: BinanceDriverOptions) {
  const venue = binanceUsdm.createBinanceUsdmVenue();
  const list = await venue.fetchMarkets({ restUrl: opts.restUrl, fetch });
  const markets: MarketInfo[] = opts.symbols ? list.markets.filter((m) => opts.symbols!.includes(m.symbol)) : list.markets;
  const byId = new Map(markets.map((m) => [m.id, m]));
  const tracker = venue.createTracker();
  const budget = opts.budget ?? venue.createBudget();
  const books = new CheckedBooks();
  const c: BinanceDriverCounters = { frames: 0, invalid: 0, unknown: 0, acks: 0, errors: 0, gaps: 0, snapshotsRequested: 0, snapshotFailures: 0 };
  const inFlight = new Set<number>();
  const abort = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const later = (fn: () => void, ms: number) => {
    const t = setTimeout(() => { timers.delete(t); if (!stopped) fn(); }, ms);
    timers.add(t);
  };

  const requestSnapshot = (id: number) => {
    const market = byId.get(id);
    if (stopped || !market || inFlight.has(id) || tracker.phase(id) !== BUFFERING) return;
    inFlight.add(id);
    c.snapshotsRequested++;
    venue.snapshot(market, { restUrl: opts.restUrl, fetch, budget, signal: abort.signal }).then((snap) => {
      inFlight.delete(id);
      const r = tracker.snapshot(snap);
      if (r.verdict === 'synced') for (const ev of r.deliver) books.apply(ev);
      else if (r.verdict !== 'ignored') requestSnapshot(id);
    }, () => {
      inFlight.delete(id);
      c.snapshotFailures++;
      later(() => requestSnapshot(id), SNAPSHOT_RETRY_MS);
    });
  };

  const onFrame = (text: string) => {
    c.frames++;
    const f = venue.parse(text, Date.now());
    switch (f.type) {
      case 'book': {
        const v = tracker.check(f.event);
        if (v === DELIVER) books.apply(f.event);
        else if (v === GAP) { c.gaps++; books.invalidate(f.event.market, 'gap'); requestSnapshot(f.event.market); }
        return;
      }
      case 'ack': c.acks++; for (const id of f.markets) requestSnapshot(id); return;
      case 'error': c.errors++; return;
      case 'invalid': c.invalid++; return;
      case 'unknown': c.unknown++; return;
      default: return;
    }
  };

  const socket = reconnectingSocket(opts.wsUrl, {
    open(send) {
      for (const m of markets) tracker.await(m.id);
      for (const msg of venue.subscribe(markets)) send(msg);
    },
    message: onFrame,
    closed() { for (const m of markets) { tracker.idle(m.id); books.invalidate(m.id, 'disconnect'); } },
  });

  return {
    venue, markets, books, tracker, budget, counters: c,
    reconnects: () => socket.reconnects(),
    ids: markets.map((m) => m.id),
    idOf: (symbol: string) => venue.ids.find(symbol),
    async stop() {
      stopped = true;
      abort.abort();
      for (const t of timers) clearTimeout(t);
      await socket.stop();
    },
  };
}
