// The load generator, run as its own process (`node --import tsx bench/src/generator.ts`, forked
// by the harness): a Lighter-protocol venue on a real local WebSocket, serving the market list
// over REST and, once a client has subscribed to every market, update frames from a
// pre-generated ring (ring.ts): as fast as TCP backpressure allows (firehose) or at a set rate.
// It knows the true book after every frame it sent, so the harness can check the streamer's.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { WebSocketServer, type WebSocket } from 'ws';
import { PACE_TICK_MS, type GeneratorStatus, type Mode } from './generator-api';
import { createRing, snapshotFrame, topOf, type TrueTop } from './ring';
import { emit, serveRpc } from './rpc';

export const REST_PATH = '/api/v1/orderBooks';
export const WS_PATH = '/stream';
/** Bytes queued on the socket before the sender waits for 'drain': enough to keep TCP busy. */
export const HIGH_WATER_BYTES = 1 << 20;
/** Frames sent between two looks at the socket's backlog (and between corks). */
export const BURST_FRAMES = 256;
/** Bursts per event-loop turn of the firehose before it yields (to answer the harness). */
const BURSTS_PER_TURN = 64;
/** The paced sender catches up at most this many ticks' worth of frames at once. */
const MAX_CATCHUP_TICKS = 4;
/** A client nothing was sent to for this long gets a ping, as the venue does. */
const IDLE_PING_MS = 5_000;

function main(): void {
  const { values } = parseArgs({
    options: {
      markets: { type: 'string', default: '45' },
      seed: { type: 'string', default: '1' },
      forward: { type: 'string', default: '100000' },
    },
  });
  const ring = createRing({ markets: Number(values.markets), seed: Number(values.seed), forward: Number(values.forward) });
  const ids = ring.markets.map((m) => m.id);
  const nonce: number[] = [...ring.startNonce];
  let pos = 0;
  let mode: Mode = { kind: 'idle' };
  const st: GeneratorStatus = {
    updates: 0, snapshots: 0, subscribes: 0, resubscribes: 0, connections: 0, drains: 0, drainWaitMs: 0, unsent: 0,
    cpuMicros: 0, mode: 'idle', streaming: false,
  };

  let client: { ws: WebSocket; sock: Socket; subs: Set<number>; lastSentAt: number } | undefined;
  let pumping = false;
  let pacedStart = 0;
  let pacedSent = 0;
  let paceTimer: NodeJS.Timeout | undefined;

  const ready = () => client !== undefined && client.subs.size === ids.length;

  /** Sends up to `max` updates, fewer if the socket backs up; returns how many went out. */
  const sendBurst = (max: number): number => {
    const c = client!;
    const ts = Date.now();
    let k = 0;
    c.sock.cork();
    for (; k < max; k++) {
      const m = ring.market[pos]!;
      const begin = nonce[m]!;
      c.ws.send(ring.frame(pos, begin + 1, begin, ts));
      nonce[m] = begin + 1;
      if (++pos === ring.size) pos = 0;
    }
    c.sock.uncork();
    st.updates += k;
    c.lastSentAt = ts;
    return k;
  };

  // One pump chain at a time: a chain started for an earlier client or run ends itself.
  let pumpGen = 0;
  /** When the current wait for 'drain' began (0: not waiting), so status() can count it so far. */
  let waitingSince = 0;
  const firehose = (gen: number) => {
    if (gen !== pumpGen) return;
    pumping = false;
    if (mode.kind !== 'firehose' || !ready()) return;
    const c = client!;
    pumping = true;
    for (let b = 0; b < BURSTS_PER_TURN; b++) {
      if (c.ws.bufferedAmount >= HIGH_WATER_BYTES) {
        st.drains++;
        waitingSince = performance.now();
        c.sock.once('drain', () => {
          if (gen !== pumpGen) return; // halted or taken over meanwhile: halt() counted the wait
          st.drainWaitMs += performance.now() - waitingSince;
          waitingSince = 0;
          firehose(gen);
        });
        return;
      }
      sendBurst(BURST_FRAMES);
    }
    // Yield now and then so IPC calls (status, pause) are answered during a firehose.
    setImmediate(firehose, gen);
  };

  const paced = () => {
    if (mode.kind !== 'paced' || !ready()) return;
    const due = Math.floor(((performance.now() - pacedStart) * mode.rate) / 1000) - pacedSent;
    if (due <= 0) return;
    // A consumer that cannot keep up (or a stall of ours) is not flooded with the whole backlog
    // at once: what is over a few ticks' worth is dropped from the schedule and counted.
    const cap = Math.max(1, Math.ceil((mode.rate * (mode.tickMs ?? PACE_TICK_MS) * MAX_CATCHUP_TICKS) / 1000));
    const full = client!.ws.bufferedAmount >= HIGH_WATER_BYTES;
    const n = full ? 0 : Math.min(due, cap);
    st.unsent += due - n;
    pacedSent += due; // sent or given up: either way no longer due
    if (n > 0) sendBurst(n);
  };

  const start = () => {
    if (!ready()) return;
    st.streaming = true;
    if (mode.kind === 'firehose' && !pumping) { pumping = true; setImmediate(firehose, ++pumpGen); }
    if (mode.kind === 'paced' && !paceTimer) {
      pacedStart = performance.now();
      pacedSent = 0;
      paceTimer = setInterval(paced, mode.tickMs ?? PACE_TICK_MS);
    }
  };

  /** Counts a wait for 'drain' that will not end in a callback (halt, client gone). */
  const endWait = () => {
    if (waitingSince) st.drainWaitMs += performance.now() - waitingSince;
    waitingSince = 0;
    pumpGen++;
  };

  const halt = () => {
    endWait();
    pumping = false;
    mode = { kind: 'idle' };
    st.mode = 'idle';
    st.streaming = false;
    if (paceTimer) clearInterval(paceTimer);
    paceTimer = undefined;
  };

  const onSubscribe = (ws: WebSocket, id: number) => {
    const c = client;
    if (!c || c.ws !== ws) return;
    st.subscribes++;
    if (c.subs.has(id)) st.resubscribes++;
    c.subs.add(id);
    const book = pos === 0 ? ring.startBook(id) : ring.bookAt(id, pos);
    ws.send(snapshotFrame(id, book, nonce[id]!, Date.now()));
    st.snapshots++;
    if (ready() && !st.streaming) { emit('subscribed'); start(); }
  };

  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith(REST_PATH)) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(ring.orderBooksBody);
    } else res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ server: http, path: WS_PATH, perMessageDeflate: false });
  wss.on('connection', (ws) => {
    st.connections++;
    // One consumer at a time: a new connection (a reconnect) takes over the stream.
    if (client) { client.ws.terminate(); st.streaming = false; pumping = false; endWait(); }
    const sock = (ws as unknown as { _socket: Socket })._socket;
    sock.setNoDelay(true);
    client = { ws, sock, subs: new Set(), lastSentAt: Date.now() };
    ws.send('{"type":"connected","session_id":"bench"}');
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.includes('"ping"')) { ws.send('{"type":"pong"}'); return; }
      const m = /"channel":"order_book\/(\d+)"/.exec(text);
      if (m && text.includes('"subscribe"')) onSubscribe(ws, Number(m[1]));
    });
    ws.on('close', () => { if (client?.ws === ws) { client = undefined; st.streaming = false; pumping = false; endWait(); } });
  });
  const idlePing = setInterval(() => {
    if (client && Date.now() - client.lastSentAt > IDLE_PING_MS) { client.ws.send('{"type":"ping"}'); client.lastSentAt = Date.now(); }
  }, IDLE_PING_MS / 2);
  idlePing.unref();

  serveRpc({
    /** Starts a run: stream position and counters back to the ring's start, then this mode. */
    arm(args: Mode) {
      halt();
      pos = 0;
      nonce.splice(0, nonce.length, ...ring.startNonce);
      Object.assign(st, { updates: 0, snapshots: 0, subscribes: 0, resubscribes: 0, drains: 0, drainWaitMs: 0, unsent: 0 });
      mode = args;
      st.mode = args.kind;
      if (client) { client.ws.terminate(); client = undefined; }
      return true;
    },
    /** Stops sending; the books stay where they are. */
    pause() { halt(); return { updates: st.updates }; },
    status(): GeneratorStatus {
      const u = process.cpuUsage();
      const waiting = waitingSince ? performance.now() - waitingSince : 0;
      return { ...st, drainWaitMs: st.drainWaitMs + waiting, cpuMicros: u.user + u.system };
    },
    /** Every market's true book (top `depth` levels) and nonce after what was sent. */
    trueBooks(args: { depth: number }): (TrueTop & { id: number; symbol: string })[] {
      return ring.markets.map((m) => ({ id: m.id, symbol: m.symbol, nonce: nonce[m.id]!, ...topOf(ring.bookAt(m.id, pos), args.depth) }));
    },
    stop() {
      halt();
      wss.close();
      http.close();
      return true;
    },
  });

  http.listen(0, '127.0.0.1', () => {
    const addr = http.address();
    emit('listening', { port: typeof addr === 'object' && addr ? addr.port : 0, markets: ids.length, ringSize: ring.size });
  });
}

main();
