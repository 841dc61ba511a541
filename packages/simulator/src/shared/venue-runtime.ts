// What every venue simulator runs on: the HTTP + WS server with its per-IP connection gate, the
// generator ticker (paused, or idle while nobody listens), and one sweep timer for the venue's
// timed rules (pings, idle closes, heartbeats, connection age).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import { checkOptions, MAX_SIM_RATE } from '../common/options';
import { KeyedRateWindow } from '../common/rate-window';
import { createVenueServer } from '../common/server';
import { createTicker } from '../common/ticker';

export interface VenueRuntimeOptions {
  host?: string;
  port?: number;
  wsPaths: readonly string[];
  maxPayload: number;
  onRequest(req: IncomingMessage, res: ServerResponse): void;
  onConnection(ws: WebSocket, req: IncomingMessage): void;
  /** New connections per IP within connectionWindowMs; over it the upgrade gets a 429. */
  connections: number;
  connectionWindowMs: number;
  /** Counts refused upgrades. */
  counters: { connectionBreaches: number };
  rate: number;
  batchMs: number;
  /** Generates and sends n frames. */
  emit(n: number, now: number): void;
  /** False while nobody is subscribed: nothing is generated, nothing owed. */
  listening(): boolean;
  sweepMs: number;
  sweep(now: number): void;
}

export function createVenueRuntime(o: VenueRuntimeOptions) {
  const connectionRate = new KeyedRateWindow(o.connections, o.connectionWindowMs);
  const ticker = createTicker({ rate: o.rate, tickMs: o.batchMs, emit: (n, now) => o.emit(n, now), active: () => o.listening() });
  let sweepTimer: NodeJS.Timeout | undefined;
  const server = createVenueServer({
    host: o.host, port: o.port, wsPaths: o.wsPaths, maxPayload: o.maxPayload, onRequest: o.onRequest, onConnection: o.onConnection,
    admit(req) {
      if (connectionRate.hit(req.socket.remoteAddress ?? '?', Date.now())) return null;
      o.counters.connectionBreaches++;
      return { status: 429, reason: 'Too Many Requests' };
    },
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

/** A sweep period a quarter of the shortest timed rule, within 5 ms .. 1 s. */
export const sweepPeriod = (...ms: number[]) => Math.max(5, Math.min(1_000, Math.floor(Math.min(...ms) / 4)));
