// A local Bybit v5 public linear venue: GET /v5/market/instruments-info (paginated by cursor)
// and the `orderbook.50` WebSocket, with the venue's limits (connections per 5 minutes and open,
// argument characters per connection, REST requests per 5 s, the idle close) and fault knobs
// (u jumps, service restarts with u == 1, snapshots mid-stream, delayed snapshots, garbage).
// Deltas are generated centrally at `rate` a second (hot symbols most) and sent to every
// subscriber, so u is one sequence per symbol for every client, as on the venue.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkOneOf, checkRange, MAX_SIM_RATE } from '../common/options';
import { KeyedRateWindow } from '../common/rate-window';
import { clientIp, PLAIN_TEXT, sendJson } from '../common/server';
import { createVenueRuntime, runtimeControls, sweepPeriod } from '../common/venue-runtime';
import { weightedPicker } from '../common/weighted-pick';
import { createRng } from '../rng';
import { instrumentJson, OTHER_INSTRUMENTS, perpCatalogue, DEFAULT_INSTRUMENTS } from './catalogue';
import { BYBIT_GARBAGE_KINDS, bybitGarbage, type BybitGarbageKind } from './garbage';
import { createBybitHub, type BybitHubCounters } from './hub';
import { createBybitMarket, DEPTH, type BybitMarket, type BybitTrueBook } from './market';

// The venue's documented limits (feeds' bybit/README.md has the sources), each a knob.
export const BYBIT_CONNECTIONS_PER_WINDOW = 500;
export const BYBIT_CONNECTION_WINDOW_MS = 5 * 60_000;
export const BYBIT_MAX_CONNECTIONS = 1_000;
export const BYBIT_ARGS_CHARS_PER_CONNECTION = 21_000;
export const BYBIT_IDLE_CLOSE_MS = 10 * 60_000;
export const BYBIT_REST_REQUESTS_PER_WINDOW = 600;
export const BYBIT_REST_WINDOW_MS = 5_000;
/** instruments-info `limit`: 1..1000, default 500. */
export const BYBIT_PAGE_LIMIT_MAX = 1_000;
const PAGE_LIMIT_DEFAULT = 500;
export const BYBIT_INSTRUMENTS_PATH = '/v5/market/instruments-info';
export const BYBIT_WS_PATH = '/v5/public/linear';
export const BYBIT_DEFAULT_RATE = 800;
const DEFAULT_LEVELS = 40;

export interface BybitSimulatorOptions {
  host?: string;
  port?: number;
  /** Streamable perps, default the 12 real ones. */
  markets?: number;
  /** Deltas per second across symbols, default 800. */
  rate?: number;
  /** Levels per side at start (at most 50, the depth window). */
  levels?: number;
  seed?: number;
  connectionsPerWindow?: number;
  connectionWindowMs?: number;
  maxConnections?: number;
  argsCharsPerConnection?: number;
  /** Default Infinity: the docs give linear no args limit (10 is the spot rule; tests set it). */
  argsPerMessage?: number;
  idleCloseMs?: number;
  restRequestsPerWindow?: number;
  /** Entries per instruments page at most (the venue: 1000); tests lower it to exercise the cursor. */
  pageSizeCap?: number;
  /** How a service restart's u == 1 book is typed on the wire. */
  restartAs?: 'snapshot' | 'delta';
}

export interface BybitSimulatorCounters extends BybitHubCounters {
  connections: number;
  /** Handshakes refused (HTTP 429) over the open-connection limit, and over the 5-minute rate. */
  openConnectionBreaches: number;
  connectionRateBreaches: number;
  /** Deltas generated (each sent to every subscriber of its symbol). */
  generated: number;
  restRequests: number;
  /** REST requests refused (403 "access too frequent") over the 5 s budget. */
  restRateBreaches: number;
  garbage: number;
}

export function createBybitSimulator(opts: BybitSimulatorOptions = {}) {
  const rate = opts.rate ?? BYBIT_DEFAULT_RATE;
  const levels = opts.levels ?? DEFAULT_LEVELS;
  const pageSizeCap = opts.pageSizeCap ?? BYBIT_PAGE_LIMIT_MAX;
  const restartAs = opts.restartAs ?? 'snapshot';
  const limits = {
    connectionsPerWindow: opts.connectionsPerWindow ?? BYBIT_CONNECTIONS_PER_WINDOW,
    connectionWindowMs: opts.connectionWindowMs ?? BYBIT_CONNECTION_WINDOW_MS,
    maxConnections: opts.maxConnections ?? BYBIT_MAX_CONNECTIONS,
    argsCharsPerConnection: opts.argsCharsPerConnection ?? BYBIT_ARGS_CHARS_PER_CONNECTION,
    argsPerMessage: opts.argsPerMessage ?? Infinity,
    idleCloseMs: opts.idleCloseMs ?? BYBIT_IDLE_CLOSE_MS,
    restRequestsPerWindow: opts.restRequestsPerWindow ?? BYBIT_REST_REQUESTS_PER_WINDOW,
  };
  checkRange('port', opts.port ?? 0, 0, 65535);
  checkRange('rate', rate, 0, MAX_SIM_RATE, false);
  checkRange('levels', levels, 4, DEPTH);
  checkRange('pageSizeCap', pageSizeCap, 1, BYBIT_PAGE_LIMIT_MAX);
  if (restartAs !== 'snapshot' && restartAs !== 'delta') throw new RangeError(`restartAs must be snapshot or delta, got ${String(restartAs)}`);
  for (const [k, v] of Object.entries(limits)) checkRange(k, v, 1, Infinity);

  const perps = perpCatalogue(opts.markets ?? DEFAULT_INSTRUMENTS);
  const rng = createRng(opts.seed ?? 11);
  const markets: BybitMarket[] = perps.map((p) => createBybitMarket(p, rng, levels));
  const byTopic = new Map(perps.map((p, i) => [`orderbook.${DEPTH}.${p.symbol}`, i]));
  // The listing the REST endpoint pages through: the perps with the others mixed in.
  const listing = [...perps.slice(0, 3), ...OTHER_INSTRUMENTS, ...perps.slice(3)].map(instrumentJson);
  const pick = weightedPicker(perps.map((p) => p.weight), rng);

  const counters: Omit<BybitSimulatorCounters, 'openConnectionBreaches' | 'connectionRateBreaches'> = {
    sent: 0, books: 0, snapshots: 0, subscribes: 0, unsubscribes: 0, pings: 0, errors: 0, argsCharsBreaches: 0,
    argsPerMessageBreaches: 0, idleCloses: 0, slowDrops: 0, connections: 0, generated: 0, restRequests: 0,
    restRateBreaches: 0, garbage: 0,
  };
  /** Refused handshakes, counted by the runtime (reported as openConnectionBreaches and connectionRateBreaches). */
  const handshakes = { connectionBreaches: 0, openConnectionBreaches: 0 };
  const restBudget = new KeyedRateWindow(limits.restRequestsPerWindow, BYBIT_REST_WINDOW_MS);
  let crossSeq = 1_000_000_000 + Math.floor(rng() * 1e9);
  let snapshotDelayMs = 0;

  const market = (id: number) => {
    const m = Number.isInteger(id) ? markets[id] : undefined;
    if (!m) throw new RangeError(`no market ${id}`);
    return m;
  };

  const hub = createBybitHub({
    marketOfTopic: (t) => byTopic.get(t) ?? -1,
    limits,
    counters,
    snapshot: (id) => markets[id]!.snapshot(Date.now(), crossSeq),
    snapshotDelayMs: () => snapshotDelayMs,
  });

  const instruments = (req: IncomingMessage, res: ServerResponse) => {
    const q = new URL(req.url ?? '/', 'http://sim').searchParams;
    const error = (msg: string) => sendJson(res, 200, JSON.stringify({ retCode: 10001, retMsg: msg, result: {}, retExtInfo: {}, time: Date.now() }));
    if (q.get('category') !== 'linear') return error('params error: category is linear in this simulator');
    const limit = q.has('limit') ? Number(q.get('limit')) : PAGE_LIMIT_DEFAULT;
    if (!Number.isInteger(limit) || limit < 1 || limit > BYBIT_PAGE_LIMIT_MAX) return error('params error: limit');
    const cursor = q.get('cursor') ?? '';
    const from = cursor === '' ? 0 : Number(/^next=(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString())?.[1] ?? NaN);
    if (!Number.isInteger(from)) return error('params error: cursor');
    // Only Trading entries unless asked (the venue's default); PreLaunch on request.
    const status = q.get('status') ?? 'Trading';
    const rows = listing.filter((r) => r.status === status);
    const end = Math.min(rows.length, from + Math.min(limit, pageSizeCap));
    const next = end < rows.length ? Buffer.from(`next=${end}`).toString('base64url') : '';
    sendJson(res, 200, JSON.stringify({
      retCode: 0, retMsg: 'OK', result: { category: 'linear', list: rows.slice(from, end), nextPageCursor: next },
      retExtInfo: {}, time: Date.now(),
    }));
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== BYBIT_INSTRUMENTS_PATH) return sendJson(res, 404, '{"retCode":404,"retMsg":"Not Found"}');
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, '{"retCode":405,"retMsg":"Method Not Allowed"}');
    counters.restRequests++;
    if (!restBudget.take(clientIp(req), Date.now())) {
      counters.restRateBreaches++;
      return sendJson(res, 403, 'access too frequent', PLAIN_TEXT);
    }
    instruments(req, res);
  };

  const runtime = createVenueRuntime({
    host: opts.host, port: opts.port, wsPaths: [BYBIT_WS_PATH], onRequest,
    onConnection(ws, req) { counters.connections++; hub.attach(ws, clientIp(req)); },
    connections: limits.connectionsPerWindow, connectionWindowMs: limits.connectionWindowMs, countRefused: false,
    openLimit: { max: limits.maxConnections, openFrom: hub.countFrom }, counters: handshakes,
    rate,
    listening: () => hub.subscriptions() > 0,
    emit(n) {
      const ts = Date.now();
      for (let i = 0; i < n; i++) {
        const id = pick();
        counters.generated++;
        hub.broadcast(id, markets[id]!.delta(ts, ++crossSeq));
      }
    },
    sweepMs: sweepPeriod(limits.idleCloseMs),
    sweep: hub.closeIdle,
  });

  return {
    ...runtimeControls(runtime, { wsPath: BYBIT_WS_PATH, restPath: BYBIT_INSTRUMENTS_PATH, clients: () => hub.count(), terminateAll: () => hub.terminateAll() }),
    /** Streamable perps: index (the simulator's own id; the adapter assigns its own) and symbol. */
    markets: () => perps.map((p, i) => ({ index: i, symbol: p.symbol })),
    trueBook: (symbol: string): BybitTrueBook => market(perps.findIndex((p) => p.symbol === symbol)).trueBook(),
    subscriptions: () => hub.subscriptions(),
    faults: {
      dropConnections: () => hub.terminateAll(),
      /** The symbol's next delta jumps in u (the venue's book applies it): a gap. */
      skipU(symbol: string) { market(perps.findIndex((p) => p.symbol === symbol)).skipU(); },
      /** A service restart of that symbol: its book goes out again with u == 1 (typed per restartAs). */
      serviceRestart(symbol: string) {
        const id = perps.findIndex((p) => p.symbol === symbol);
        const m = market(id);
        m.restart();
        hub.broadcast(id, m.snapshot(Date.now(), ++crossSeq, restartAs), true);
      },
      /** A new snapshot mid-stream (the venue re-sends one when something went wrong on its side). */
      resnapshot(symbol: string) {
        const id = perps.findIndex((p) => p.symbol === symbol);
        hub.broadcast(id, market(id).snapshot(Date.now(), ++crossSeq), true);
      },
      delaySnapshots(ms: number) { checkRange('ms', ms, 0, 3_600_000); snapshotDelayMs = ms; },
      sendGarbage(count = 5, kind: BybitGarbageKind = 'mixed') {
        checkRange('count', count, 1, 10_000);
        checkOneOf('kind', kind, BYBIT_GARBAGE_KINDS);
        counters.garbage += hub.sendAll((id) => {
          const m = id === undefined ? markets[0]! : markets[id]!;
          return bybitGarbage(kind, count, m.spec.symbol, m.trueBook().u + 1);
        });
      },
    },
    counters: (): Readonly<BybitSimulatorCounters> => ({
      ...counters, openConnectionBreaches: handshakes.openConnectionBreaches, connectionRateBreaches: handshakes.connectionBreaches,
    }),
  };
}

export type BybitSimulator = ReturnType<typeof createBybitSimulator>;
