// A small test driver for the OKX venue module until the production client exists: a real
// `ws` socket, subscribe from messages.ts, `ping` when idle, frames through parse.ts and
// tracker.ts (seqId chain and checksum) into @ob/orderbook books. A gap or a checksum mismatch
// resyncs that market alone (unsubscribe + subscribe); a close or a 64008 notice reconnects.
import type { MarketInfo } from '@ob/core';
import { okx } from '../../src/index';
import { DELIVER, GAP } from '../../src/connection/types';
import { CheckedBooks } from './checked-books';
import { reconnectingSocket } from './reconnecting-socket';

export interface OkxDriverOptions {
  wsUrl: string;
  restUrl: string;
  symbols?: readonly string[];
  /** Ping after this long without a frame (the venue's docs: under 30 s). */
  pingMs?: number;
}

export interface OkxDriverCounters {
  frames: number; invalid: number; unknown: number; acks: number; errors: number; gaps: number;
  checksumResyncs: number; pings: number; pongs: number; notices: number;
}

export async function startOkxDriver(opts: OkxDriverOptions) {
  const venue = okx.createOkxVenue();
  const list = await venue.fetchMarkets({ restUrl: opts.restUrl, fetch });
  const markets: MarketInfo[] = opts.symbols ? list.markets.filter((m) => opts.symbols!.includes(m.symbol)) : list.markets;
  const byId = new Map(markets.map((m) => [m.id, m]));
  const tracker = venue.createTracker();
  const books = new CheckedBooks();
  const pingMs = opts.pingMs ?? venue.limits.pingIntervalMs;
  const c: OkxDriverCounters = { frames: 0, invalid: 0, unknown: 0, acks: 0, errors: 0, gaps: 0, checksumResyncs: 0, pings: 0, pongs: 0, notices: 0 };
  let lastFrameAt = Date.now();
  const send = (text: string) => socket.send(text);
  const resync = (id: number) => {
    const m = byId.get(id);
    if (!m) return;
    tracker.await(id);
    for (const msg of [...venue.unsubscribe([m]), ...venue.subscribe([m])]) send(msg);
  };

  const onFrame = (text: string) => {
    c.frames++;
    lastFrameAt = Date.now();
    const f = venue.decode(text, lastFrameAt);
    switch (f.type) {
      case 'book': {
        const v = tracker.check(f.event);
        if (v === DELIVER) { books.apply(f.event); return; }
        if (v === GAP) c.gaps++;
        else if (v === okx.CHECKSUM) c.checksumResyncs++;
        else return;
        books.invalidate(f.event.market, v === GAP ? 'gap' : 'checksum');
        resync(f.event.market);
        return;
      }
      case 'pong': c.pongs++; return;
      case 'ack': c.acks++; return;
      case 'error':
        c.errors++;
        if (f.code === '64008') { c.notices++; socket.close(); }
        return;
      case 'invalid': c.invalid++; return;
      case 'unknown': c.unknown++; return;
      default: return;
    }
  };

  const pinger = setInterval(() => {
    if (Date.now() - lastFrameAt >= pingMs) { c.pings++; send(venue.ping); }
  }, Math.max(5, Math.floor(pingMs / 4)));

  const socket = reconnectingSocket(opts.wsUrl, {
    open(sendNow) {
      lastFrameAt = Date.now();
      for (const m of markets) tracker.await(m.id);
      for (const msg of venue.subscribe(markets)) sendNow(msg);
    },
    message: onFrame,
    closed() { for (const m of markets) { tracker.idle(m.id); books.invalidate(m.id, 'disconnect'); } },
  });

  return {
    venue, markets, books, tracker, counters: c,
    reconnects: () => socket.reconnects(),
    ids: markets.map((m) => m.id),
    idOf: (instId: string) => venue.ids.find(instId),
    async stop() {
      clearInterval(pinger);
      await socket.stop();
    },
  };
}
