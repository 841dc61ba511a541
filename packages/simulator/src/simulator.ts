// A local exchange speaking the Lighter protocol over real HTTP + WebSocket, so the production
// adapter runs against it unchanged. Updates are generated centrally per market (one venue book
// per market, nonces shared by every client) on a timer that sends a batch of frames per tick.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocketServer } from 'ws';
import { GARBAGE_KINDS, garbageFrames, type GarbageKind } from './garbage';
import { createFrameGenerator, DEFAULT_LEVELS, DEFAULT_SEED } from './generator';
import { createHub, MAX_CLIENT_MESSAGE_BYTES, type HubCounters } from './hub';
import type { TrueBook } from './market';

export const DEFAULT_RATE = 800;
/** Total frames per second; far above what any test or benchmark needs from one process. */
export const MAX_RATE = 5_000_000;
export const DEFAULT_BATCH_MS = 50;
export const MAX_BATCH_MS = 10_000;
/** The venue pings a client it has sent nothing for this long. */
export const IDLE_PING_MS = 20_000;
/** After a stall (event loop blocked, machine busy) at most this much backlog is generated at once; the rest is dropped, not owed. */
const MAX_CATCHUP_MS = 250;
const DEFAULT_GARBAGE_COUNT = 5;
export const REST_PATH = '/api/v1/orderBooks';
export const WS_PATH = '/stream';

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) = a free port. */
  port?: number;
  /** Active markets, default 45. */
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

export interface SimulatorCounters extends HubCounters {
  /** Updates generated (each sent to every client subscribed to its market). */
  generated: number;
}

export interface Simulator {
  start(): Promise<{ wsUrl: string; restUrl: string }>;
  stop(): Promise<void>;
  markets(): { id: number; symbol: string }[];
  /** Full book: bids descending, asks ascending, the exact strings sent. */
  trueBook(marketId: number): TrueBook;
  setRate(msgPerSec: number): void;
  /** Stop generating updates (connections, subscribes and pings still served). */
  pause(): void;
  resume(): void;
  clients(): number;
  faults: {
    /** Terminate every client socket abruptly (no close frame). */
    dropConnections(): void;
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

function checkRange(name: string, v: number, min: number, max: number, integer = true) {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw new RangeError(`${name} must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got ${v}`);
  }
}

export function createSimulator(opts: SimulatorOptions = {}): Simulator {
  const host = opts.host ?? '127.0.0.1';
  const batchMs = opts.batchMs ?? DEFAULT_BATCH_MS;
  const idlePingMs = opts.idlePingMs ?? IDLE_PING_MS;
  let rate = opts.rate ?? DEFAULT_RATE;
  checkRange('port', opts.port ?? 0, 0, 65535);
  checkRange('rate', rate, 0, MAX_RATE, false);
  checkRange('batchMs', batchMs, 1, MAX_BATCH_MS);
  checkRange('idlePingMs', idlePingMs, 10, 3_600_000);
  const gen = createFrameGenerator({ markets: opts.markets, extraSymbols: opts.extraSymbols, seed: opts.seed ?? DEFAULT_SEED, levels: opts.levels ?? DEFAULT_LEVELS });
  const counters: HubCounters = { sent: 0, snapshots: 0, subscribes: 0, connections: 0, slowDrops: 0, errors: 0, garbage: 0 };
  const hub = createHub({ gen, counters, maxBufferedBytes: opts.maxClientBufferedBytes });
  const restBody = gen.orderBooksBody();

  let paused = false;
  let silentUntil = 0;
  let carry = 0;
  let lastTick = performance.now();
  let tickTimer: NodeJS.Timeout | undefined;
  let pingTimer: NodeJS.Timeout | undefined;
  let started: Promise<{ wsUrl: string; restUrl: string }> | undefined;

  const tick = () => {
    const now = performance.now();
    const elapsed = now - lastTick;
    lastTick = now;
    // Nobody listening, paused, or stalled: generate nothing and owe nothing.
    if (paused || hub.subscriptions() === 0 || (silentUntil !== 0 && Date.now() < silentUntil)) { carry = 0; return; }
    carry += (rate * Math.min(elapsed, MAX_CATCHUP_MS)) / 1000;
    const n = Math.floor(carry);
    carry -= n;
    const ts = Date.now();
    for (let i = 0; i < n; i++) {
      const id = gen.pick();
      hub.broadcast(id, gen.update(id, ts));
    }
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const json = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (path !== REST_PATH) return json(404, '{"code":404,"message":"not found"}');
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, '{"code":405,"message":"method not allowed"}');
    json(200, restBody);
  };

  const server = createServer(onRequest);
  const wss = new WebSocketServer({ server, path: WS_PATH, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  wss.on('connection', (ws) => hub.attach(ws));
  wss.on('error', () => { /* the http server reports listen errors to start() */ });

  const listen = () => new Promise<{ wsUrl: string; restUrl: string }>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const h = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      lastTick = performance.now();
      tickTimer = setInterval(tick, batchMs);
      pingTimer = setInterval(() => hub.pingIdle(idlePingMs), Math.max(5, Math.min(5_000, Math.floor(idlePingMs / 4))));
      resolve({ wsUrl: `ws://${h}:${port}${WS_PATH}`, restUrl: `http://${h}:${port}${REST_PATH}` });
    });
  });

  return {
    start() {
      started ??= listen();
      return started;
    },
    async stop() {
      clearInterval(tickTimer);
      clearInterval(pingTimer);
      hub.terminateAll();
      if (!server.listening) return;
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    markets: () => gen.markets().map(({ id, symbol }) => ({ id, symbol })),
    trueBook: (id) => gen.trueBook(id),
    setRate(r) {
      checkRange('rate', r, 0, MAX_RATE, false);
      rate = r;
    },
    pause() { paused = true; },
    resume() { paused = false; },
    clients: () => hub.count(),
    faults: {
      dropConnections: () => hub.terminateAll(),
      skipNonce: (id) => gen.skipNonce(id),
      sendGarbage(count = DEFAULT_GARBAGE_COUNT, kind: GarbageKind = 'mixed') {
        checkRange('count', count, 1, 10_000);
        if (!GARBAGE_KINDS.includes(kind)) throw new RangeError(`kind must be one of ${GARBAGE_KINDS.join(', ')}`);
        counters.garbage += hub.sendAll((m) => garbageFrames(kind, count, m, gen.has(m) ? gen.nonce(m) : 0));
      },
      silence(ms) {
        checkRange('ms', ms, 1, 3_600_000);
        silentUntil = Math.max(silentUntil, Date.now() + ms);
        hub.silence(silentUntil);
      },
    },
    counters: () => ({ ...counters, generated: gen.generated() }),
  };
}
