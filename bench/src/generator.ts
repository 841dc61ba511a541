// The load generator, run as its own process (`node --import tsx bench/src/generator.ts`, forked
// by the harness): a Lighter-protocol venue on a real local WebSocket, serving the market list
// over REST and, once every market is subscribed (over one connection or several), update frames
// from a pre-generated ring (ring.ts): as fast as TCP backpressure allows (firehose), at a set
// rate in bursts (paced), or each market on its own phase (spread, as the venue sends).
// It knows the true book after every frame it sent, so the harness can check the streamer's.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { WebSocketServer, type WebSocket } from 'ws';
import { createRng } from '@ob/simulator/rng';
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

interface Client { ws: WebSocket; sock: Socket; lastSentAt: number }

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
  // Each market's frames in ring order: the spread mode walks them market by market.
  const framesOf: Int32Array[] = [];
  {
    const counts: number[] = [];
    for (let i = 0; i < ring.size; i++) counts[ring.market[i]!] = (counts[ring.market[i]!] ?? 0) + 1;
    const fill: number[] = [];
    for (const id of ids) { framesOf[id] = new Int32Array(counts[id] ?? 0); fill[id] = 0; }
    for (let i = 0; i < ring.size; i++) { const id = ring.market[i]!; framesOf[id]![fill[id]!++] = i; }
  }
  /** Ring order (firehose, paced): frames sent so far in this cycle. */
  let pos = 0;
  /** Spread: each market's next frame among its own, and whether the run walks markets apart. */
  const cursor: number[] = [];
  let marketWise = false;
  let mode: Mode = { kind: 'idle' };
  const st: GeneratorStatus = {
    updates: 0, snapshots: 0, subscribes: 0, resubscribes: 0, connections: 0, openConnections: 0, drains: 0, drainWaitMs: 0, unsent: 0,
    cpuMicros: 0, mode: 'idle', streaming: false,
  };

  // A consumer may spread its markets over several connections: each market's frames go to the
  // connection that subscribed it last.
  const clients = new Set<Client>();
  const owner = new Map<number, Client>();
  let pumping = false;
  let pacedStart = 0;
  let pacedSent = 0;
  let paceTimer: NodeJS.Timeout | undefined;

  const ready = () => owner.size === ids.length;
  const buffered = () => { let b = 0; for (const c of clients) b = Math.max(b, c.ws.bufferedAmount); return b; };
  const cork = () => { for (const c of clients) c.sock.cork(); };
  const uncork = (ts: number) => { for (const c of clients) { c.sock.uncork(); c.lastSentAt = ts; } };

  /** Where market id's book is: it is the book after the first posOf(id) frames of the ring. */
  const posOf = (id: number) => {
    if (!marketWise) return pos;
    const k = cursor[id] ?? 0;
    return k === 0 ? 0 : framesOf[id]![k - 1]! + 1;
  };

  const sendFrame = (i: number, ts: number) => {
    const m = ring.market[i]!;
    const begin = nonce[m]!;
    owner.get(m)!.ws.send(ring.frame(i, begin + 1, begin, ts));
    nonce[m] = begin + 1;
  };

  /** Sends up to `max` updates in ring order; returns how many went out. */
  const sendBurst = (max: number): number => {
    const ts = Date.now();
    cork();
    for (let k = 0; k < max; k++) {
      sendFrame(pos, ts);
      if (++pos === ring.size) pos = 0;
    }
    uncork(ts);
    st.updates += max;
    return max;
  };

  // One pump chain at a time: a chain started for an earlier client or run ends itself.
  let pumpGen = 0;
  /** When the current wait for 'drain' began (0: not waiting), so status() can count it so far. */
  let waitingSince = 0;
  const firehose = (gen: number) => {
    if (gen !== pumpGen) return;
    pumping = false;
    if (mode.kind !== 'firehose' || !ready()) return;
    pumping = true;
    for (let b = 0; b < BURSTS_PER_TURN; b++) {
      const full = [...clients].find((c) => c.ws.bufferedAmount >= HIGH_WATER_BYTES);
      if (full) {
        st.drains++;
        waitingSince = performance.now();
        full.sock.once('drain', () => {
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
    const n = buffered() >= HIGH_WATER_BYTES ? 0 : Math.min(due, cap);
    st.unsent += due - n;
    pacedSent += due; // sent or given up: either way no longer due
    if (n > 0) sendBurst(n);
  };

  // Spread: market m sends at start + phase[m] + j × period, floor((j+1)k) - floor(jk) frames,
  // k = rate × period / markets, so the markets together send `rate` frames a second.
  const phase: number[] = [];
  const nextAt: number[] = [];
  const sends: number[] = [];
  let spreadTimer: NodeJS.Timeout | undefined;
  const spread = () => {
    spreadTimer = undefined;
    if (mode.kind !== 'spread' || !ready()) return;
    const period = mode.periodMs ?? PACE_TICK_MS;
    const k = (mode.rate * period) / 1000 / ids.length;
    const now = performance.now();
    const ts = Date.now();
    const full = buffered() >= HIGH_WATER_BYTES;
    let next = Infinity;
    let sent = 0;
    cork();
    for (const m of ids) {
      while (nextAt[m]! <= now) {
        const j = sends[m]!++;
        const n = Math.floor((j + 1) * k) - Math.floor(j * k);
        nextAt[m]! += period;
        // Behind by more than a few periods (a stall, or a consumer that cannot keep up): dropped and counted.
        if (full || now - nextAt[m]! > MAX_CATCHUP_TICKS * period) { st.unsent += n; continue; }
        const list = framesOf[m]!;
        if (list.length === 0) continue; // a quiet market: nothing in the ring
        for (let f = 0; f < n; f++) {
          sendFrame(list[cursor[m]!]!, ts);
          if (++cursor[m]! === list.length) cursor[m] = 0; // a market's full cycle: back at its start book
        }
        sent += n;
      }
      if (nextAt[m]! < next) next = nextAt[m]!;
    }
    uncork(ts);
    st.updates += sent;
    spreadTimer = setTimeout(spread, Math.max(0, next - performance.now()));
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
    if (mode.kind === 'spread' && !spreadTimer) {
      const period = mode.periodMs ?? PACE_TICK_MS;
      const rand = createRng(mode.seed ?? 1); // seeded: the spread mode's phases are the same in every run
      const t0 = performance.now();
      for (const m of ids) { phase[m] = rand() * period; nextAt[m] = t0 + phase[m]!; sends[m] = 0; }
      spreadTimer = setTimeout(spread, 0);
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
    if (spreadTimer) clearTimeout(spreadTimer);
    spreadTimer = undefined;
  };

  /** A connection went away: its markets have no one to go to, so the stream stops until they are subscribed again. */
  const drop = (c: Client) => {
    if (!clients.delete(c)) return;
    for (const [id, o] of owner) if (o === c) owner.delete(id);
    st.openConnections = clients.size;
    st.streaming = false;
    pumping = false;
    endWait();
    if (paceTimer) clearInterval(paceTimer);
    paceTimer = undefined;
    if (spreadTimer) clearTimeout(spreadTimer);
    spreadTimer = undefined;
  };

  const onSubscribe = (c: Client, id: number) => {
    if (!clients.has(c) || !framesOf[id]) return;
    st.subscribes++;
    if (owner.has(id)) st.resubscribes++;
    owner.set(id, c);
    const p = posOf(id);
    const book = p === 0 ? ring.startBook(id) : ring.bookAt(id, p);
    c.ws.send(snapshotFrame(id, book, nonce[id]!, Date.now()));
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
    const sock = (ws as unknown as { _socket: Socket })._socket;
    sock.setNoDelay(true);
    const c: Client = { ws, sock, lastSentAt: Date.now() };
    clients.add(c);
    st.openConnections = clients.size;
    ws.send('{"type":"connected","session_id":"bench"}');
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.includes('"ping"')) { ws.send('{"type":"pong"}'); return; }
      const m = /"channel":"order_book\/(\d+)"/.exec(text);
      if (m && text.includes('"subscribe"')) onSubscribe(c, Number(m[1]));
    });
    ws.on('close', () => drop(c));
  });
  const idlePing = setInterval(() => {
    const now = Date.now();
    for (const c of clients) if (now - c.lastSentAt > IDLE_PING_MS) { c.ws.send('{"type":"ping"}'); c.lastSentAt = now; }
  }, IDLE_PING_MS / 2);
  idlePing.unref();

  serveRpc({
    /** Starts a run: stream position and counters back to the ring's start, then this mode. */
    arm(args: Mode) {
      halt();
      pos = 0;
      for (const id of ids) cursor[id] = 0;
      marketWise = args.kind === 'spread';
      nonce.splice(0, nonce.length, ...ring.startNonce);
      Object.assign(st, { updates: 0, snapshots: 0, subscribes: 0, resubscribes: 0, drains: 0, drainWaitMs: 0, unsent: 0 });
      mode = args;
      st.mode = args.kind;
      for (const c of [...clients]) { c.ws.terminate(); drop(c); }
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
      return ring.markets.map((m) => ({ id: m.id, symbol: m.symbol, nonce: nonce[m.id]!, ...topOf(ring.bookAt(m.id, posOf(m.id)), args.depth) }));
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
