// A local Binance USD-M futures venue over real HTTP + WebSocket: the market list and depth
// snapshots over REST (weight-limited per IP), diff depth events over WS with live SUBSCRIBE,
// one true book per market shared by every client, and fault knobs for what the adapter must
// survive. Limits default to the documented values; tests scale the windows down.
import { createRng } from '../rng';
import { checkOptions, MAX_SIM_MARKETS, MAX_SIM_RATE } from '../common/options';
import { weightedPicker } from '../common/weighted-pick';
import { createVenueRuntime, sweepPeriod } from '../common/venue-runtime';
import { binanceCatalogue, DEFAULT_MARKETS, exchangeInfoBody } from './catalogue';
import { binanceGarbage } from './garbage';
import { createBinanceHub, type BinanceHubCounters } from './hub';
import { BinanceMarket, type BinanceTrueBook } from './market';
import { createBinanceRest, type BinanceRestCounters } from './rest';

export const WS_PATHS = ['/public/ws', '/public/stream'] as const;
export const DEFAULTS = {
  markets: DEFAULT_MARKETS, rate: 500, seed: 7, levels: 100, batchMs: 50,
  messagesPerSecond: 10, streamsPerConnection: 1024,
  pingIntervalMs: 3 * 60_000, pongTimeoutMs: 10 * 60_000, maxConnectionAgeMs: 24 * 3_600_000,
  weightLimit: 2_400, weightWindowMs: 60_000, banMs: 2 * 60_000, banAfter: 5,
  connectionsPerWindow: 300, connectionWindowMs: 5 * 60_000,
  maxClientBufferedBytes: 16 * 1024 * 1024,
};
/** Client messages are a few KB at most (a SUBSCRIBE of 1,024 streams is ~25 KB). */
const MAX_CLIENT_MESSAGE_BYTES = 1024 * 1024;

export type BinanceSimulatorOptions = Partial<typeof DEFAULTS> & { host?: string; port?: number };

export interface BinanceSimulatorCounters extends BinanceHubCounters, BinanceRestCounters {
  generated: number;
  /** WebSocket upgrades refused for the per-IP connection rate (HTTP 429). */
  connectionBreaches: number;
  garbage: number;
}

export interface BinanceUsdmSimulator {
  /** `restUrl` is the base (`http://127.0.0.1:port`); `wsUrl` the raw-stream path. */
  start(): Promise<{ wsUrl: string; combinedWsUrl: string; restUrl: string }>;
  stop(): Promise<void>;
  symbols(): string[];
  trueBook(symbol: string): BinanceTrueBook;
  setRate(msgPerSec: number): void;
  pause(): void;
  resume(): void;
  clients(): number;
  /** Stream names of every open connection. */
  clientStreams(): string[][];
  /** Weight the IP used in the current window. */
  usedWeight(): number;
  faults: {
    dropConnections(): void;
    /** The next event of that symbol has pu ≠ the previous u (its book still applies it). */
    breakPu(symbol: string): void;
    /** Depth answers are delayed this long (0: off). */
    delaySnapshots(ms: number): void;
    /** Each listed symbol's next depth answer is its book as of now: older than the events sent meanwhile. */
    staleSnapshots(symbols?: readonly string[]): void;
    sendGarbage(count?: number): void;
  };
  counters(): BinanceSimulatorCounters;
}

export function createBinanceUsdmSimulator(opts: BinanceSimulatorOptions = {}): BinanceUsdmSimulator {
  checkOptions(opts, {
    port: [0, 65535], markets: [1, MAX_SIM_MARKETS], rate: [0, MAX_SIM_RATE, false], levels: [5, 2_000], batchMs: [1, 10_000],
    messagesPerSecond: [1, 10_000], streamsPerConnection: [1, 100_000], pingIntervalMs: [10, 86_400_000],
    pongTimeoutMs: [10, 86_400_000], maxConnectionAgeMs: [10, 7 * 86_400_000], weightLimit: [1, 10_000_000],
    weightWindowMs: [100, 3_600_000], banMs: [10, 3 * 86_400_000], banAfter: [0, 1_000], connectionsPerWindow: [1, 100_000],
    connectionWindowMs: [10, 3_600_000], maxClientBufferedBytes: [1024, 1 << 30],
  });
  const o = { ...DEFAULTS, ...opts };
  const rng = createRng(o.seed);
  const specs = binanceCatalogue(o.markets);
  const markets = specs.map((s) => new BinanceMarket(s, rng, o.levels));
  const bySymbol = new Map(markets.map((m) => [m.spec.symbol, m]));
  const byLower = new Map(markets.map((m, i) => [m.spec.symbol.toLowerCase(), i]));
  const counters: BinanceSimulatorCounters = {
    connections: 0, clientMessages: 0, subscribes: 0, errors: 0, rateBreaches: 0, streamBreaches: 0, pongTimeouts: 0,
    ageDrops: 0, slowDrops: 0, sent: 0, restRequests: 0, depthRequests: 0, weightUsed: 0, rateLimited: 0, banned: 0,
    staleSnapshots: 0, generated: 0, connectionBreaches: 0, garbage: 0,
  };
  const restConfig = { weightLimit: o.weightLimit, weightWindowMs: o.weightWindowMs, banMs: o.banMs, banAfter: o.banAfter, snapshotDelayMs: 0 };
  const rest = createBinanceRest({ markets: bySymbol, exchangeInfo: () => exchangeInfoBody(specs, Date.now()), config: restConfig, counters });
  const hub = createBinanceHub({
    marketOf: (lower) => byLower.get(lower) ?? -1, marketCount: markets.length, counters,
    config: {
      messagesPerSecond: o.messagesPerSecond, streamsPerConnection: o.streamsPerConnection, pingIntervalMs: o.pingIntervalMs,
      pongTimeoutMs: o.pongTimeoutMs, maxConnectionAgeMs: o.maxConnectionAgeMs, maxBufferedBytes: o.maxClientBufferedBytes,
    },
  });
  const pick = weightedPicker(specs.map((s) => s.weight), rng);
  const runtime = createVenueRuntime({
    host: o.host, port: o.port, maxPayload: MAX_CLIENT_MESSAGE_BYTES, wsPaths: WS_PATHS,
    onRequest: (req, res) => rest.handle(req, res),
    onConnection(ws, req) {
      const url = new URL(req.url ?? '/', 'http://sim');
      const streams = url.searchParams.get('streams');
      hub.attach(ws, url.pathname === '/public/stream', streams ? streams.split('/').filter((s) => s !== '') : []);
    },
    connections: o.connectionsPerWindow, connectionWindowMs: o.connectionWindowMs, counters,
    rate: o.rate, batchMs: o.batchMs, listening: () => hub.subscriptions() > 0,
    emit(n) {
      const now = Date.now();
      for (let i = 0; i < n; i++) {
        const m = pick();
        hub.broadcast(m, markets[m]!.event(now));
        counters.generated++;
      }
    },
    sweepMs: sweepPeriod(o.pingIntervalMs, o.pongTimeoutMs, o.maxConnectionAgeMs),
    sweep: (now) => hub.sweep(now),
  });

  const market = (symbol: string) => {
    const m = bySymbol.get(symbol);
    if (!m) throw new RangeError(`no market ${symbol}`);
    return m;
  };

  return {
    async start() {
      const base = await runtime.start();
      const ws = base.replace(/^http/, 'ws');
      return { wsUrl: `${ws}/public/ws`, combinedWsUrl: `${ws}/public/stream`, restUrl: base };
    },
    async stop() {
      rest.stop();
      hub.terminateAll();
      await runtime.stop();
    },
    symbols: () => specs.map((s) => s.symbol),
    trueBook: (symbol) => market(symbol).trueBook(),
    setRate: runtime.setRate,
    pause: runtime.pause,
    resume: runtime.resume,
    clients: () => hub.count(),
    clientStreams: () => hub.clientStreams(),
    usedWeight: () => rest.usedWeight(),
    faults: {
      dropConnections: () => hub.terminateAll(),
      breakPu: (symbol) => market(symbol).breakPu(),
      delaySnapshots(ms) { checkOptions({ ms }, { ms: [0, 3_600_000] }); restConfig.snapshotDelayMs = ms; },
      staleSnapshots(symbols = specs.map((s) => s.symbol)) {
        const now = Date.now();
        for (const s of symbols) { const m = market(s); m.captured = m.depthNow(1000, now); }
      },
      sendGarbage(count = 6) {
        checkOptions({ count }, { count: [1, 10_000] });
        const m = markets[0]!;
        counters.garbage += hub.sendAll(binanceGarbage(count, m.spec.symbol, m.lastUpdateId));
      },
    },
    counters: () => ({ ...counters }),
  };
}
