// A small stand-in for the production client (issue 14 builds the real pool): one `ws`
// connection that runs a VenueModule end to end. It fetches the market list over HTTP,
// subscribes with the module's messages, pings on a timer, pushes every frame through the
// module's parser and tracker into @ob/orderbook books, resyncs a market alone on a gap
// (unsubscribe + subscribe) and reconnects when the socket drops. Tests read its books and
// counters and compare them with the simulator's truth.
import WebSocket from 'ws';
import type { MarketInfo } from '@ob/core';
import { createOrderBook, type OrderBook } from '@ob/orderbook';
import { DELIVER, GAP, type ContinuityTracker, type VenueModule } from '../src/index';

export interface DriverCounters {
  frames: number; bookEvents: number; invalid: number; unknown: number; acks: number; pongs: number;
  venueErrors: number; dropped: number; gaps: number; resyncs: number; reconnects: number;
  /** Delivered events whose seq was below the market's last one (what Redis would see go back). */
  seqDecreases: number;
}

export interface Driver {
  readonly markets: MarketInfo[];
  readonly tracker: ContinuityTracker & { counters(): Readonly<Record<string, number>> };
  readonly books: Map<number, OrderBook>;
  /** Markets whose book is continuous since its last snapshot (a gapped one is not). */
  readonly valid: Set<number>;
  /** seq of the last event delivered per market. */
  readonly lastSeq: Map<number, number>;
  /** Resyncs per market, and events delivered per market. */
  readonly resyncsOf: Map<number, number>;
  readonly deliveredOf: Map<number, number>;
  readonly errors: Array<{ code: string; message: string; market?: number }>;
  readonly invalidReasons: string[];
  /** Every message sent, in order. */
  readonly sent: string[];
  readonly counters: DriverCounters;
  connected(): boolean;
  /** Books as `[[price, size]...]` best first, for comparison with a simulator's truth. */
  top(id: number): { bids: [string, string][]; asks: [string, string][] };
  resync(id: number): void;
  stop(): Promise<void>;
}

export interface DriverOptions {
  module: VenueModule;
  wsUrl: string;
  restUrl: string;
  /** Only these symbols (default every market listed). */
  symbols?: readonly string[];
  /** Our ping cadence; 0 = never ping (to see the venue's idle close). */
  pingMs?: number;
  reconnectMs?: number;
}

export async function startDriver(opts: DriverOptions): Promise<Driver> {
  const { module } = opts;
  const list = await module.fetchMarkets({ restUrl: opts.restUrl, fetch });
  const markets = opts.symbols ? list.markets.filter((m) => opts.symbols!.includes(m.symbol)) : list.markets;
  const byId = new Map(markets.map((m) => [m.id, m]));
  const made = module.createTracker();
  const own = made.counters?.bind(made);
  const tracker = Object.assign(made, { counters: () => own?.() ?? {} });
  const books = new Map<number, OrderBook>(markets.map((m) => [m.id, createOrderBook()]));
  const counters: DriverCounters = {
    frames: 0, bookEvents: 0, invalid: 0, unknown: 0, acks: 0, pongs: 0,
    venueErrors: 0, dropped: 0, gaps: 0, resyncs: 0, reconnects: 0, seqDecreases: 0,
  };
  const valid = new Set<number>();
  const lastSeq = new Map<number, number>();
  const resyncsOf = new Map<number, number>();
  const deliveredOf = new Map<number, number>();
  const errors: Driver['errors'] = [];
  const invalidReasons: string[] = [];
  const sent: string[] = [];
  let ws: WebSocket | undefined;
  let open = false;
  let stopping = false;
  let pingTimer: NodeJS.Timeout | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;

  const send = (text: string) => { if (open && ws) { sent.push(text); ws.send(text); } };

  const onFrame = (text: string) => {
    counters.frames++;
    const f = module.decode(text, Date.now());
    switch (f.type) {
      case 'book': {
        const ev = f.event;
        const v = tracker.check(ev);
        if (v === DELIVER) {
          const book = books.get(ev.market)!;
          if (ev.kind === 'snapshot') book.applySnapshot(ev.bids, ev.asks, ev.bidKeys, ev.askKeys);
          else book.applyDelta(ev.bids, ev.asks, ev.bidKeys, ev.askKeys);
          counters.bookEvents++;
          if (ev.seq < (lastSeq.get(ev.market) ?? -Infinity)) counters.seqDecreases++;
          lastSeq.set(ev.market, ev.seq);
          deliveredOf.set(ev.market, (deliveredOf.get(ev.market) ?? 0) + 1);
          valid.add(ev.market);
        } else if (v === GAP) {
          counters.gaps++;
          valid.delete(ev.market);
          driver.resync(ev.market);
        } else counters.dropped++;
        return;
      }
      case 'ping': send(f.reply); return;
      case 'pong': counters.pongs++; return;
      case 'ack': counters.acks++; return;
      case 'error': counters.venueErrors++; errors.push({ code: f.code, message: f.message, market: f.market }); return;
      case 'unknown': counters.unknown++; return;
      case 'invalid': counters.invalid++; invalidReasons.push(f.reason); return;
      default: return;
    }
  };

  const connect = () => new Promise<void>((resolve) => {
    const sock = new WebSocket(opts.wsUrl);
    ws = sock;
    sock.on('open', () => {
      open = true;
      const now = Date.now();
      for (const m of markets) tracker.await(m.id, now);
      for (const text of module.subscribe(markets)) send(text);
      resolve();
    });
    sock.on('message', (data) => onFrame(data.toString()));
    sock.on('error', () => { /* 'close' follows */ });
    sock.on('close', () => {
      open = false;
      for (const m of markets) { tracker.idle(m.id); valid.delete(m.id); }
      resolve();
      if (stopping) return;
      counters.reconnects++;
      reconnectTimer = setTimeout(() => { void connect(); }, opts.reconnectMs ?? 50);
    });
  });

  const driver: Driver = {
    markets, tracker, books, valid, lastSeq, resyncsOf, deliveredOf, errors, invalidReasons, sent, counters,
    connected: () => open,
    top(id) {
      const t = books.get(id)!.top(100_000);
      return { bids: t.bids, asks: t.asks };
    },
    resync(id) {
      const m = byId.get(id);
      if (!m) return;
      counters.resyncs++;
      resyncsOf.set(id, (resyncsOf.get(id) ?? 0) + 1);
      tracker.await(id, Date.now());
      for (const text of module.unsubscribe([m])) send(text);
      for (const text of module.subscribe([m])) send(text);
    },
    async stop() {
      stopping = true;
      clearInterval(pingTimer);
      clearTimeout(reconnectTimer);
      if (ws && ws.readyState !== WebSocket.CLOSED) {
        const closed = new Promise((r) => ws!.once('close', r));
        ws.terminate();
        await closed;
      }
    },
  };

  await connect();
  if ((opts.pingMs ?? 1_000) > 0) pingTimer = setInterval(() => send(module.ping), opts.pingMs ?? 1_000);
  return driver;
}
