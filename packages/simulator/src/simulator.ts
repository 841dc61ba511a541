// A local exchange speaking the Lighter protocol over real HTTP + WebSocket, so the production
// adapter runs against it unchanged. Updates are generated centrally per market (one venue book
// per market, nonces shared by every client) on a timer that sends a batch of frames per tick.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CatalogueOptions, MarketSpec } from './catalogue';
import { checkOneOf, checkRange, MAX_SIM_RATE } from './common/options';
import { KeyedRateWindow } from './common/rate-window';
import { clientIp, sendJson } from './common/server';
import { createVenueRuntime, runtimeControls, sweepPeriod, type SimulatorControls } from './common/venue-runtime';
import { GARBAGE_KINDS, garbageFrames, type GarbageKind } from './garbage';
import { createFrameGenerator, DEFAULT_LEVELS, DEFAULT_SEED } from './generator';
import { createHub, type Breaches, type HubCounters, type HubLimits, type VenueEvents } from './hub';
import type { TrueBook } from './market';

export const DEFAULT_RATE = 800;
/** Total frames per second; far above what any test or benchmark needs from one process. */
export const MAX_RATE = MAX_SIM_RATE;
export const DEFAULT_BATCH_MS = 50;
export const MAX_BATCH_MS = 10_000;
/** The venue pings a client it has sent nothing for this long. */
export const IDLE_PING_MS = 20_000;
const DEFAULT_GARBAGE_COUNT = 5;
export const REST_PATH = '/api/v1/orderBooks';
/** The list the venue recommends: perps and spot apart. */
export const DETAILS_PATH = '/api/v1/orderBookDetails';
export const WS_PATH = '/stream';

/** The venue's documented limits (per IP), each a knob with the documented value as default. */
export const LIGHTER_SIM_LIMITS = {
  subscriptionsPerConnection: 100,
  subscriptionsTotal: 1_000,
  messagesPerMinute: 200,
  messageWindowMs: 60_000,
  messagesInFlight: 50,
  connectionsOpen: 100,
  connectionsPerMinute: 80,
  connectionWindowMs: 60_000,
  idleCloseMs: 120_000,
  maxConnectionAgeMs: 24 * 3_600_000,
  restPerMinute: 60,
  /** Our choice: the docs give no latency; 0 answers a subscribe at once. */
  snapshotDelayMs: 0,
  /** Our choice: the docs say the venue closes connections that keep breaching, not after how many. */
  closeAfterBreaches: 20,
  errorShape: 'both' as HubLimits['errorShape'],
};
export type LighterSimLimits = typeof LIGHTER_SIM_LIMITS;

export interface SimulatorOptions extends CatalogueOptions, Partial<LighterSimLimits> {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) = a free port. */
  port?: number;
  /** Active perps, default 45 (spot, quiet and id bases: CatalogueOptions). */
  markets?: number;
  /** Further active markets named so (ids after the `markets` ones), e.g. hostile names like `__proto__`. */
  extraSymbols?: readonly string[];
  /** Total update frames per second across markets, default 800. */
  rate?: number;
  seed?: number;
  /** Initial levels per side, default 50. */
  levels?: number;
  /** Generator tick: every tick sends the frames due since the last one, default 50 ms. */
  batchMs?: number;
  /** Ping clients idle this long, default 20 s (tests shorten it). */
  idlePingMs?: number;
  /** Disconnect a client whose backlog exceeds this (default MAX_CLIENT_BUFFERED_BYTES). */
  maxClientBufferedBytes?: number;
}

export interface SimulatorCounters extends HubCounters, VenueEvents {
  /** Updates generated (each sent to every client subscribed to its market). */
  generated: number;
  restRequests: number;
}

export interface Simulator extends SimulatorControls {
  /** Active markets. */
  markets(): { id: number; symbol: string; kind: 'perp' | 'spot' }[];
  /** A new listing: in the REST list from now on, streamable at once. */
  listMarket(spec: { id: number; symbol: string; kind?: 'perp' | 'spot'; weight?: number }): void;
  /** A delisting: inactive in the REST list, no more updates, its subscribers get nothing more. */
  delistMarket(marketId: number): void;
  /** Every limit breach by the clients (a correct client makes none). */
  breaches(): Breaches;
  /** Subscriptions per open connection, oldest first. */
  subscriptionsPerConnection(): number[];
  /** Full book: bids descending, asks ascending, the exact strings sent. */
  trueBook(marketId: number): TrueBook;
  faults: {
    /** Terminate every client socket abruptly (no close frame). */
    dropConnections(): void;
    /** Terminate one client socket (the index-th open one, oldest first). */
    dropConnection(index: number): boolean;
    /** Subscribes to these markets are accepted but never answered (markets stuck without a snapshot). */
    withholdSnapshots(marketIds: readonly number[]): void;
    /** Sends every client an error frame, with `type` or without (the venue's two shapes). */
    sendError(code: number, message: string, typed?: boolean): void;
    /** The next update of that market has begin_nonce ≠ the previous nonce; the venue's book still applies it. */
    skipNonce(marketId: number): void;
    /** Send `count` (default 5) bad frames to every client. */
    sendGarbage(count?: number, kind?: GarbageKind): void;
    /** Sockets open now get nothing and are not answered for `ms`; generation pauses too, so a client
     * that waits it out sees no gap. New connections are served normally. */
    silence(ms: number): void;
  };
  counters(): SimulatorCounters;
}

export function createSimulator(opts: SimulatorOptions = {}): Simulator {
  const batchMs = opts.batchMs ?? DEFAULT_BATCH_MS;
  const idlePingMs = opts.idlePingMs ?? IDLE_PING_MS;
  const rate = opts.rate ?? DEFAULT_RATE;
  const lim: LighterSimLimits = { ...LIGHTER_SIM_LIMITS };
  for (const k of Object.keys(LIGHTER_SIM_LIMITS) as (keyof LighterSimLimits)[]) {
    const v = opts[k];
    if (v !== undefined) (lim as Record<string, unknown>)[k] = v;
  }
  checkRange('port', opts.port ?? 0, 0, 65535);
  checkRange('rate', rate, 0, MAX_RATE, false);
  checkRange('batchMs', batchMs, 1, MAX_BATCH_MS);
  checkRange('idlePingMs', idlePingMs, 10, 3_600_000);
  for (const k of ['subscriptionsPerConnection', 'subscriptionsTotal', 'messagesPerMinute', 'messagesInFlight', 'connectionsOpen',
    'connectionsPerMinute', 'restPerMinute', 'closeAfterBreaches'] as const) checkRange(k, lim[k], 1, 1_000_000);
  for (const k of ['messageWindowMs', 'connectionWindowMs'] as const) checkRange(k, lim[k], 10, 3_600_000);
  for (const k of ['idleCloseMs', 'maxConnectionAgeMs', 'snapshotDelayMs'] as const) checkRange(k, lim[k], 0, 7 * 86_400_000);
  if (!['typed', 'untyped', 'both'].includes(lim.errorShape)) throw new RangeError('errorShape must be typed, untyped or both');
  const gen = createFrameGenerator({
    markets: opts.markets, seed: opts.seed ?? DEFAULT_SEED, levels: opts.levels ?? DEFAULT_LEVELS,
    spot: opts.spot, spotIdBase: opts.spotIdBase, perpIdBase: opts.perpIdBase, quiet: opts.quiet, extraSymbols: opts.extraSymbols,
  });
  const counters: HubCounters = { sent: 0, snapshots: 0, subscribes: 0, connections: 0, slowDrops: 0, errors: 0, garbage: 0 };
  const hub = createHub({ gen, counters, maxBufferedBytes: opts.maxClientBufferedBytes, limits: lim });
  /** Refused handshakes, counted by the runtime. */
  const handshakes = { connectionBreaches: 0, openConnectionBreaches: 0 };
  const restBudget = new KeyedRateWindow(lim.restPerMinute, 60_000);
  let restRequests = 0;
  let restBreaches = 0;

  let silentUntil = 0;

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== REST_PATH && path !== DETAILS_PATH) return sendJson(res, 404, '{"code":404,"message":"not found"}');
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, '{"code":405,"message":"method not allowed"}');
    restRequests++;
    if (!restBudget.take(clientIp(req), Date.now())) { restBreaches++; return sendJson(res, 429, '{"code":429,"message":"Too Many Requests"}'); }
    sendJson(res, 200, path === DETAILS_PATH ? gen.orderBookDetailsBody() : gen.orderBooksBody());
  };

  const runtime = createVenueRuntime({
    host: opts.host, port: opts.port, wsPaths: [WS_PATH], onRequest,
    onConnection: (ws, req) => hub.attach(ws, clientIp(req)),
    connections: lim.connectionsPerMinute, connectionWindowMs: lim.connectionWindowMs, countRefused: false,
    openLimit: { max: lim.connectionsOpen, openFrom: (ip) => hub.openFrom(ip) }, counters: handshakes,
    rate, batchMs,
    // Nobody listening, or stalled: generate nothing and owe nothing.
    listening: () => hub.subscriptions() > 0 && !(silentUntil !== 0 && Date.now() < silentUntil),
    emit(n) {
      const ts = Date.now();
      for (let i = 0; i < n; i++) {
        const id = gen.pick();
        if (id < 0) return; // every market is quiet
        hub.broadcast(id, gen.update(id, ts));
      }
    },
    sweepMs: sweepPeriod(idlePingMs, lim.idleCloseMs || Infinity, lim.maxConnectionAgeMs || Infinity),
    sweep: () => hub.sweep(idlePingMs),
  });

  return {
    ...runtimeControls(runtime, { wsPath: WS_PATH, restPath: DETAILS_PATH, clients: () => hub.count(), terminateAll: () => hub.terminateAll() }),
    markets: () => gen.markets().map(({ id, symbol, kind }) => ({ id, symbol, kind: kind ?? 'perp' })),
    listMarket(spec) {
      const m: Omit<MarketSpec, 'status'> = {
        id: spec.id, symbol: spec.symbol, kind: spec.kind ?? 'perp', weight: spec.weight ?? 0.3, price: 5, priceDecimals: 4, sizeDecimals: 2,
      };
      gen.list(m);
    },
    delistMarket(id) {
      gen.delist(id);
      hub.delist(id);
    },
    breaches: () => ({
      ...hub.breaches,
      connectionsOpen: handshakes.openConnectionBreaches,
      connectionsPerMinute: handshakes.connectionBreaches,
      restPerMinute: restBreaches,
    }),
    subscriptionsPerConnection: () => hub.perConnection(),
    trueBook: (id) => gen.trueBook(id),
    faults: {
      dropConnections: () => hub.terminateAll(),
      dropConnection: (i) => hub.terminateOne(i),
      withholdSnapshots: (ids) => hub.withhold(ids),
      sendError(code, message, typed = false) {
        const body = `{"code":${code},"message":${JSON.stringify(message)}}`;
        hub.sendAll(() => [typed ? `{"type":"error","error":${body}}` : `{"error":${body}}`]);
      },
      skipNonce: (id) => gen.skipNonce(id),
      sendGarbage(count = DEFAULT_GARBAGE_COUNT, kind: GarbageKind = 'mixed') {
        checkRange('count', count, 1, 10_000);
        checkOneOf('kind', kind, GARBAGE_KINDS);
        counters.garbage += hub.sendAll((m) => garbageFrames(kind, count, m, gen.has(m) ? gen.nonce(m) : 0));
      },
      silence(ms) {
        checkRange('ms', ms, 1, 3_600_000);
        silentUntil = Math.max(silentUntil, Date.now() + ms);
        hub.silence(silentUntil);
      },
    },
    counters: () => ({ ...counters, ...hub.events, generated: gen.generated(), restRequests }),
  };
}
