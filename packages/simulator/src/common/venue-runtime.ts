// What every venue simulator runs on: the HTTP + WS server behind the venue's handshake limits,
// the update clock (paused, or idle while nobody listens), and one sweep timer for the venue's
// timed rules (pings, idle closes, heartbeats, connection age).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import { createAdmission, type AdmissionCounters, type AdmissionLimits } from './admission';
import { checkOptions, MAX_SIM_RATE } from './options';
import { createVenueServer } from './server';
import { createTicker } from './ticker';

export interface VenueRuntimeOptions extends AdmissionLimits {
  host?: string;
  port?: number;
  wsPaths: readonly string[];
  /** Largest client message, default the server's MAX_CLIENT_MESSAGE_BYTES. */
  maxPayload?: number;
  onRequest(req: IncomingMessage, res: ServerResponse, body: string): void;
  onConnection(ws: WebSocket, req: IncomingMessage): void;
  /** Counts refused upgrades. */
  counters: AdmissionCounters;
  rate: number;
  /** The update clock's tick, default 50 ms. */
  batchMs?: number;
  /** Generates and sends n frames (0 too, on every active tick); `now` is performance.now(). */
  emit(n: number, now: number): void;
  /** False while nobody is subscribed (or the venue stalls): nothing is generated, nothing owed. */
  listening(): boolean;
  sweepMs: number;
  sweep(now: number): void;
}

/** What every simulated venue offers beside its truth and its faults. */
export interface SimulatorControls {
  /** Listens; resolves with what a client dials. */
  start(): Promise<{ wsUrl: string; restUrl: string }>;
  /** Terminates every client socket and closes the server. */
  stop(): Promise<void>;
  /** Book messages per second across the venue's markets. */
  setRate(msgPerSec: number): void;
  /** Stop generating updates (connections, subscribes and pings still served). */
  pause(): void;
  resume(): void;
  /** Open client connections. */
  clients(): number;
}

export type VenueRuntime = ReturnType<typeof createVenueRuntime>;

export function createVenueRuntime(o: VenueRuntimeOptions) {
  const ticker = createTicker({ rate: o.rate, tickMs: o.batchMs, emit: (n, now) => o.emit(n, now), active: () => o.listening() });
  let sweepTimer: NodeJS.Timeout | undefined;
  const server = createVenueServer({
    host: o.host, port: o.port, wsPaths: o.wsPaths, maxPayload: o.maxPayload, onRequest: o.onRequest, onConnection: o.onConnection,
    admit: createAdmission(o),
  });
  return {
    /** Resolves with `http://host:port`. */
    async start(): Promise<string> {
      const base = await server.start();
      ticker.start();
      sweepTimer ??= setInterval(() => o.sweep(Date.now()), o.sweepMs);
      return base;
    },
    /** After the venue has terminated its clients. */
    async stop(): Promise<void> {
      ticker.stop();
      clearInterval(sweepTimer);
      sweepTimer = undefined;
      await server.stop();
    },
    setRate(r: number) { checkOptions({ rate: r }, { rate: [0, MAX_SIM_RATE, false] }); ticker.setRate(r); },
    pause: ticker.pause,
    resume: ticker.resume,
  };
}

/** A venue's controls on its runtime: its URLs on the runtime's base, its clients terminated before the server stops. */
export function runtimeControls(runtime: VenueRuntime, venue: {
  wsPath: string;
  /** Default '' (the base itself). */
  restPath?: string;
  clients(): number;
  terminateAll(): void;
}): SimulatorControls {
  return {
    async start() {
      const base = await runtime.start();
      return { wsUrl: `${base.replace(/^http/, 'ws')}${venue.wsPath}`, restUrl: `${base}${venue.restPath ?? ''}` };
    },
    async stop() {
      venue.terminateAll();
      await runtime.stop();
    },
    setRate: runtime.setRate,
    pause: runtime.pause,
    resume: runtime.resume,
    clients: () => venue.clients(),
  };
}

/** A sweep period a quarter of the shortest timed rule, within 5 ms .. 1 s. */
export const sweepPeriod = (...ms: number[]) => Math.max(5, Math.min(1_000, Math.floor(Math.min(...ms) / 4)));
