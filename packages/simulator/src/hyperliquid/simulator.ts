// A local Hyperliquid: POST /info {"type":"meta"} and the `l2Book` WebSocket, with the venue's
// per-IP limits (connections, new connections a minute, subscriptions, messages a minute, REST
// weight) and its 60 s idle close. Books change at `rate` changes a second (hot coins most) and
// each changed coin publishes its whole top-N book at most once per `cadenceMs`, as the venue
// does (its cadence is not a contract: a test can slow it down).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { checkOneOf, checkRange, MAX_SIM_RATE } from '../common/options';
import { KeyedRateWindow } from '../common/rate-window';
import { clientIp, PLAIN_TEXT, sendJson } from '../common/server';
import { createVenueRuntime, runtimeControls, sweepPeriod } from '../common/venue-runtime';
import { weightedPicker } from '../common/weighted-pick';
import { createRng } from '../rng';
import { coinCatalogue, metaBody, DEFAULT_COINS } from './catalogue';
import { HL_GARBAGE_KINDS, hlGarbage, type HlGarbageKind } from './garbage';
import { createHlHub, type HlHubCounters } from './hub';
import { createCoinMarket, type CoinMarket } from './market';

// The venue's documented limits (feeds' hyperliquid/README.md has the sources), each a knob.
export const HL_MAX_CONNECTIONS = 10;
export const HL_CONNECTIONS_PER_MINUTE = 30;
export const HL_MAX_SUBSCRIPTIONS = 1_000;
export const HL_MESSAGES_PER_MINUTE = 2_000;
export const HL_IDLE_CLOSE_MS = 60_000;
export const HL_REST_WEIGHT_PER_MINUTE = 1_200;
export const HL_META_WEIGHT = 20;
export const HL_INFO_PATH = '/info';
export const HL_WS_PATH = '/ws';
export const HL_DEFAULT_RATE = 200;
export const HL_DEFAULT_CADENCE_MS = 500;
/** Levels per side sent (the venue's default l2Book depth), and kept behind them. */
export const HL_DEFAULT_N_LEVELS = 20;
const DEFAULT_BOOK_LEVELS = 30;
const MINUTE = 60_000;

export interface HyperliquidSimulatorOptions {
  host?: string;
  port?: number;
  /** Listed coins (delisted ones sit among them), default the 29 real ones. */
  markets?: number;
  /** Book changes per second across coins, default 200. */
  rate?: number;
  /** A changed coin publishes at most this often, default 500 ms. */
  cadenceMs?: number;
  nLevels?: number;
  seed?: number;
  maxConnections?: number;
  connectionsPerMinute?: number;
  maxSubscriptions?: number;
  messagesPerMinute?: number;
  idleCloseMs?: number;
  restWeightPerMinute?: number;
}

export interface HyperliquidSimulatorCounters extends HlHubCounters {
  connections: number;
  /** Handshakes refused (HTTP 429) over the open-connection limit, and over the new-connections rate. */
  openConnectionBreaches: number;
  connectionRateBreaches: number;
  /** l2Book frames published (each sent to every subscriber of its coin). */
  published: number;
  restRequests: number;
  /** REST requests refused (429) over the weight budget. */
  restWeightBreaches: number;
  garbage: number;
}

export interface HyperliquidBook { time: number; bids: [string, string][]; asks: [string, string][] }

export function createHyperliquidSimulator(opts: HyperliquidSimulatorOptions = {}) {
  const rate = opts.rate ?? HL_DEFAULT_RATE;
  let cadenceMs = opts.cadenceMs ?? HL_DEFAULT_CADENCE_MS;
  const nLevels = opts.nLevels ?? HL_DEFAULT_N_LEVELS;
  const limits = {
    maxConnections: opts.maxConnections ?? HL_MAX_CONNECTIONS,
    connectionsPerMinute: opts.connectionsPerMinute ?? HL_CONNECTIONS_PER_MINUTE,
    maxSubscriptions: opts.maxSubscriptions ?? HL_MAX_SUBSCRIPTIONS,
    messagesPerMinute: opts.messagesPerMinute ?? HL_MESSAGES_PER_MINUTE,
    idleCloseMs: opts.idleCloseMs ?? HL_IDLE_CLOSE_MS,
    restWeightPerMinute: opts.restWeightPerMinute ?? HL_REST_WEIGHT_PER_MINUTE,
  };
  checkRange('port', opts.port ?? 0, 0, 65535);
  checkRange('rate', rate, 0, MAX_SIM_RATE, false);
  checkRange('cadenceMs', cadenceMs, 1, 3_600_000);
  checkRange('nLevels', nLevels, 1, 1000);
  for (const [k, v] of Object.entries(limits)) checkRange(k, v, 1, Infinity);

  const coins = coinCatalogue(opts.markets ?? DEFAULT_COINS);
  const listed = coins.filter((c) => !c.delisted);
  const rng = createRng(opts.seed ?? 7);
  const markets = new Map<number, CoinMarket>(
    listed.map((c) => [c.id, createCoinMarket(c, rng, Math.max(nLevels + 5, DEFAULT_BOOK_LEVELS), nLevels)]));
  const byName = new Map(listed.map((c) => [c.name, c.id]));
  const pick = weightedPicker(listed.map((c) => c.weight), rng);
  const meta = metaBody(coins);

  const counters: Omit<HyperliquidSimulatorCounters, 'openConnectionBreaches' | 'connectionRateBreaches'> = {
    sent: 0, books: 0, subscribes: 0, unsubscribes: 0, pings: 0, errors: 0, subscriptionLimitBreaches: 0,
    messageRateBreaches: 0, idleCloses: 0, slowDrops: 0, connections: 0, published: 0, restRequests: 0,
    restWeightBreaches: 0, garbage: 0,
  };
  /** Refused handshakes, counted by the runtime (reported as openConnectionBreaches and connectionRateBreaches). */
  const handshakes = { connectionBreaches: 0, openConnectionBreaches: 0 };
  const messageBudget = new KeyedRateWindow(limits.messagesPerMinute, MINUTE);
  const restBudget = new KeyedRateWindow(limits.restWeightPerMinute, MINUTE);
  let snapshotDelayMs = 0;
  /** Coins whose next two frames go out newest first: the held older frame. */
  const reorder = new Map<number, string | null>();
  const lastPublishAt = new Map<number, number>();

  const publish = (m: CoinMarket) => {
    const book = m.publish(Date.now());
    lastPublishAt.set(m.spec.id, performance.now());
    counters.published++;
    return book;
  };

  const hub = createHlHub({
    idOf: (coin) => byName.get(coin) ?? -1,
    limits,
    counters,
    takeMessage: (ip, now) => messageBudget.take(ip, now),
    initialBook: (id) => { const m = markets.get(id)!; return (m.last() ?? publish(m)).frame; },
    snapshotDelayMs: () => snapshotDelayMs,
  });

  const send = (id: number, frame: string) => {
    if (!reorder.has(id)) { hub.broadcast(id, frame); return; }
    const held = reorder.get(id);
    if (held === null) { reorder.set(id, frame); return; } // hold the older one
    reorder.delete(id);
    hub.broadcast(id, frame);
    hub.broadcast(id, held!);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== HL_INFO_PATH) return sendJson(res, 404, 'Not Found', PLAIN_TEXT);
    if (req.method !== 'POST') return sendJson(res, 405, 'Method Not Allowed', PLAIN_TEXT);
    counters.restRequests++;
    let type: unknown;
    try { type = (JSON.parse(body) as { type?: unknown } | null)?.type; } catch { type = undefined; }
    if (type !== 'meta') return sendJson(res, 422, 'Failed to deserialize the JSON body into the target type', PLAIN_TEXT);
    if (!restBudget.take(clientIp(req), Date.now(), HL_META_WEIGHT)) {
      counters.restWeightBreaches++;
      return sendJson(res, 429, 'null');
    }
    sendJson(res, 200, meta);
  };

  const runtime = createVenueRuntime({
    host: opts.host, port: opts.port, wsPaths: [HL_WS_PATH], onRequest,
    onConnection(ws, req) { counters.connections++; hub.attach(ws, clientIp(req)); },
    connections: limits.connectionsPerMinute, connectionWindowMs: MINUTE, countRefused: false,
    openLimit: { max: limits.maxConnections, openFrom: hub.countFrom }, counters: handshakes,
    rate,
    listening: () => hub.subscriptions() > 0,
    emit(n, now) {
      for (let i = 0; i < n; i++) {
        const id = listed[pick()]!.id;
        if (hub.subscribed(id)) markets.get(id)!.step();
      }
      for (const m of markets.values()) {
        if (!m.changed || !hub.subscribed(m.spec.id)) continue;
        if (now - (lastPublishAt.get(m.spec.id) ?? -Infinity) < cadenceMs) continue;
        send(m.spec.id, publish(m).frame);
      }
    },
    sweepMs: sweepPeriod(limits.idleCloseMs),
    sweep: hub.closeIdle,
  });

  return {
    ...runtimeControls(runtime, { wsPath: HL_WS_PATH, restPath: HL_INFO_PATH, clients: () => hub.count(), terminateAll: () => hub.terminateAll() }),
    /** Listed coins (asset id and name). */
    markets: () => listed.map((c) => ({ id: c.id, symbol: c.name })),
    /** What a correct client holds for the coin: its last published book (null before the first). */
    trueBook(id: number): HyperliquidBook | null {
      const b = markets.get(id)?.last();
      return b ? { time: b.time, bids: b.bids, asks: b.asks } : null;
    },
    setCadence(ms: number) { checkRange('cadenceMs', ms, 1, 3_600_000); cadenceMs = ms; },
    subscriptions: () => hub.subscriptions(),
    faults: {
      dropConnections: () => hub.terminateAll(),
      /** Re-sends the coin's previous book now: an older `time` after a newer one (publishing twice first if needed). */
      staleTime(id: number) {
        const m = markets.get(id);
        if (!m) throw new RangeError(`no listed coin ${id}`);
        while (!m.previous()) { m.step(); send(id, publish(m).frame); }
        hub.broadcast(id, m.previous()!.frame);
      },
      /** The coin's next two books go out newest first. */
      outOfOrder(id: number) {
        if (!markets.has(id)) throw new RangeError(`no listed coin ${id}`);
        reorder.set(id, null);
      },
      /** Books after a subscribe wait this long (0 = none). */
      delaySnapshots(ms: number) { checkRange('ms', ms, 0, 3_600_000); snapshotDelayMs = ms; },
      sendGarbage(count = 5, kind: HlGarbageKind = 'mixed') {
        checkRange('count', count, 1, 10_000);
        checkOneOf('kind', kind, HL_GARBAGE_KINDS);
        counters.garbage += hub.sendAll((id) => {
          const m = id === undefined ? undefined : markets.get(id);
          return hlGarbage(kind, count, m?.spec.name ?? 'BTC', (m?.last()?.time ?? Date.now()) + 1_000);
        });
      },
    },
    counters: (): Readonly<HyperliquidSimulatorCounters> => ({
      ...counters, openConnectionBreaches: handshakes.openConnectionBreaches, connectionRateBreaches: handshakes.connectionBreaches,
    }),
  };
}

export type HyperliquidSimulator = ReturnType<typeof createHyperliquidSimulator>;
