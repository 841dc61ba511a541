// Test-side setup shared by the simulated venues' tests: one simulator per test, plain ws
// clients that are closed after it, and the status a handshake gets.
import WebSocket from 'ws';
import { connect, type TestClient } from './helpers';

interface Startable { start(): Promise<{ wsUrl: string; restUrl: string }>; stop(): Promise<void> }

export function venueHarness<S extends Startable, O>(make: (o?: O) => S) {
  const clients: TestClient[] = [];
  const h = {
    sim: undefined as S | undefined,
    /** A fresh simulator with these options, started. */
    async boot(o?: O) { h.sim = make(o); return h.sim.start(); },
    /** A client connection, closed by cleanup(). */
    async open(url: string) { const c = await connect(url); clients.push(c); return c; },
    async cleanup() {
      for (const c of clients.splice(0)) await c.close();
      await h.sim?.stop();
      h.sim = undefined;
    },
  };
  return h;
}

/** The HTTP status a WebSocket handshake gets: 101 when it opens (then closed), else the refusal's. */
export const handshakeStatus = (url: string) => new Promise<number>((resolve) => {
  const ws = new WebSocket(url);
  ws.on('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); ws.terminate(); });
  ws.on('open', () => { resolve(101); ws.terminate(); });
  ws.on('error', () => {});
});
