// A local OKX v5 venue over real HTTP + WebSocket: the swap list over REST, `books` snapshots and
// updates with seqId/prevSeqId and checksums over WS, one true book per instrument shared by
// every client, and fault knobs for what the adapter must survive. Limits default to the
// documented values; tests scale the windows down.
import { checkOptions, MAX_SIM_MARKETS, MAX_SIM_RATE } from '../common/options';
import { MAX_CLIENT_BUFFERED_BYTES } from '../common/sessions';
import { createVenueRuntime, runtimeControls, sweepPeriod, type SimulatorControls } from '../common/venue-runtime';
import { weightedPicker } from '../common/weighted-pick';
import { createRng } from '../rng';
import { DEFAULT_INSTRUMENTS, instrumentsBody, okxCatalogue } from './catalogue';
import { okxGarbage } from './garbage';
import { createOkxHub, type OkxHubCounters } from './hub';
import { OkxMarket, type OkxTrueBook } from './market';
import { createOkxRest, type OkxRestCounters } from './rest';

export const WS_PATH = '/ws/v5/public';
export const DEFAULTS = {
  markets: DEFAULT_INSTRUMENTS, rate: 500, seed: 11, levels: 100, batchMs: 50,
  subscribeMessagesPerHour: 480, subscribeWindowMs: 3_600_000, maxMessageBytes: 64 * 1024, idleCloseMs: 30_000,
  heartbeatMs: 60_000, connectionsPerSecond: 3, restPerTwoSeconds: 20, maxClientBufferedBytes: MAX_CLIENT_BUFFERED_BYTES,
};
const MAX_CLIENT_MESSAGE_BYTES = 1024 * 1024;

export type OkxSimulatorOptions = Partial<typeof DEFAULTS> & { host?: string; port?: number };

export interface OkxSimulatorCounters extends OkxHubCounters, OkxRestCounters {
  generated: number;
  heartbeats: number;
  /** WebSocket upgrades refused for the per-IP connection rate (HTTP 429). */
  connectionBreaches: number;
  garbage: number;
}

/** start()'s `restUrl` is the base (`http://127.0.0.1:port`). */
export interface OkxSimulator extends SimulatorControls {
  instIds(): string[];
  trueBook(instId: string): OkxTrueBook;
  faults: {
    dropConnections(): void;
    /** The next update of that instrument has prevSeqId ≠ the last seqId (its book still applies it). */
    breakSeq(instId: string): void;
    /** The next frame of that instrument carries a wrong (non-zero) checksum. */
    checksumError(instId: string): void;
    /** The next update restarts the sequence: seqId below prevSeqId, still chained (after maintenance). */
    sequenceReset(instId: string): void;
    /** Every frame carries checksum 0 (seen on some books since mid-2026), or real checksums again. */
    zeroChecksums(on: boolean): void;
    /** Snapshots after a subscribe wait this long (0: off). */
    delaySnapshots(ms: number): void;
    sendGarbage(count?: number): void;
    /** {"event":"notice","code":"64008"}: the connection closes soon for an upgrade. */
    notice(): void;
  };
  counters(): OkxSimulatorCounters;
}

export function createOkxSimulator(opts: OkxSimulatorOptions = {}): OkxSimulator {
  checkOptions(opts, {
    port: [0, 65535], markets: [1, MAX_SIM_MARKETS], rate: [0, MAX_SIM_RATE, false], levels: [5, 330], batchMs: [1, 10_000],
    subscribeMessagesPerHour: [1, 1_000_000], subscribeWindowMs: [100, 86_400_000], maxMessageBytes: [256, 1 << 20],
    idleCloseMs: [10, 3_600_000], heartbeatMs: [10, 3_600_000], connectionsPerSecond: [1, 100_000],
    restPerTwoSeconds: [1, 100_000], maxClientBufferedBytes: [1024, 1 << 30],
  });
  const o = { ...DEFAULTS, ...opts };
  const rng = createRng(o.seed);
  const specs = okxCatalogue(o.markets);
  const markets = specs.map((s) => new OkxMarket(s, rng, o.levels));
  const index = new Map(markets.map((m, i) => [m.spec.symbol, i]));
  const counters: OkxSimulatorCounters = {
    connections: 0, clientMessages: 0, pings: 0, subscribes: 0, errors: 0, subscribeBreaches: 0, sizeBreaches: 0,
    idleCloses: 0, slowDrops: 0, snapshots: 0, sent: 0, restRequests: 0, restRateLimited: 0, generated: 0,
    heartbeats: 0, connectionBreaches: 0, garbage: 0,
  };
  let zero = false;
  const hubConfig = {
    subscribeMessagesPerHour: o.subscribeMessagesPerHour, subscribeWindowMs: o.subscribeWindowMs, maxMessageBytes: o.maxMessageBytes,
    idleCloseMs: o.idleCloseMs, maxBufferedBytes: o.maxClientBufferedBytes, snapshotDelayMs: 0,
  };
  const hub = createOkxHub({
    marketOf: (instId) => index.get(instId) ?? -1, marketCount: markets.length, config: hubConfig, counters,
    snapshot: (m) => { const mk = markets[m]!; mk.lastPushAt = Date.now(); return mk.snapshot(Date.now(), zero); },
  });
  const rest = createOkxRest({ swaps: () => instrumentsBody(specs), counters, perTwoSeconds: o.restPerTwoSeconds });
  const pick = weightedPicker(specs.map((s) => s.weight), rng);
  const runtime = createVenueRuntime({
    host: o.host, port: o.port, maxPayload: MAX_CLIENT_MESSAGE_BYTES, wsPaths: [WS_PATH],
    onRequest: rest, onConnection: (ws) => hub.attach(ws),
    connections: o.connectionsPerSecond, connectionWindowMs: 1_000, counters,
    rate: o.rate, batchMs: o.batchMs, listening: () => hub.subscriptions() > 0,
    emit(n) {
      const now = Date.now();
      for (let i = 0; i < n; i++) {
        const m = pick();
        const mk = markets[m]!;
        mk.lastPushAt = now;
        hub.broadcast(m, mk.update(now, zero));
        counters.generated++;
      }
    },
    // Heartbeats of quiet books and idle closes share the sweep.
    sweepMs: sweepPeriod(o.idleCloseMs, o.heartbeatMs),
    sweep(now) {
      markets.forEach((mk, m) => {
        if (now - mk.lastPushAt < o.heartbeatMs) return;
        mk.lastPushAt = now;
        if (hub.subscribers(m) === 0) return;
        counters.heartbeats++;
        hub.broadcast(m, mk.heartbeat(now, zero));
      });
      hub.sweep(now);
    },
  });

  const market = (instId: string) => {
    const i = index.get(instId);
    if (i === undefined) throw new RangeError(`no instrument ${instId}`);
    return markets[i]!;
  };

  return {
    ...runtimeControls(runtime, { wsPath: WS_PATH, clients: () => hub.count(), terminateAll: () => hub.terminateAll() }),
    instIds: () => specs.map((s) => s.symbol),
    trueBook: (instId) => market(instId).trueBook(),
    faults: {
      dropConnections: () => hub.terminateAll(),
      breakSeq: (instId) => market(instId).breakSeq(),
      checksumError: (instId) => market(instId).badChecksum(),
      sequenceReset: (instId) => market(instId).resetSequence(),
      zeroChecksums(on) { zero = on; },
      delaySnapshots(ms) { checkOptions({ ms }, { ms: [0, 3_600_000] }); hubConfig.snapshotDelayMs = ms; },
      sendGarbage(count = 6) {
        checkOptions({ count }, { count: [1, 10_000] });
        const mk = markets[0]!;
        counters.garbage += hub.sendAll(okxGarbage(count, mk.spec.symbol, mk.trueBook().seqId));
      },
      notice() {
        hub.sendAll((connId) => [`{"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade. Please reconnect.","connId":"${connId}"}`]);
      },
    },
    counters: () => ({ ...counters }),
  };
}
