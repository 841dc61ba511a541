// The replaying side of the seam (connect, fetch, clock): plays a capture to the PRODUCTION
// adapter. Connection k (k-th dial) gets the frames the recording's connection k got, with the
// recorded timing scaled by the speed (or none at 'max'); a fake socket closes where the
// recording saw the venue close it; what the adapter sends is discarded. fetch answers with the
// recorded REST responses in order, those of one query apart from another (restKey). The clock reads each frame's recorded receive time while the
// adapter handles it, so the books it builds carry the live run's times.
//
// One ordering rule keeps it simple and exact: records are replayed in capture order (the
// order they were received), and a connection's dial record waits until the adapter dials.
import type { Clock, Logger } from '@ob/core';
import type { WebSocketHandlers } from '../ws/web-socket';
import {
  CLOSE, DIAL, DROPPED, ERROR, FRAME, jsonPayload, OPEN, REST, SEND,
  type CaptureRecord, type ClosePayload, type ErrorPayload, type PartHeader, type RestPayload,
} from './format';
import { listParts, readCapture, type CaptureParts } from './reader';
import type { Connect, Fetch, FeedIo } from './recorder';

export type ReplaySpeed = number | 'max';
export const MAX_REPLAY_SPEED = 10_000;
/** At 'max' the adapter's timers (ping, backoff, its tick) run this much faster than recorded. */
export const MAX_SPEED_TIMER_DIVISOR = 1_000;
/** At 'max', frames handed over before the replay yields to timers and other sockets (as a socket read would). */
export const MAX_SPEED_YIELD_BYTES = 256 * 1024;
/** Waits shorter than this are not slept: timers are not that precise anyway. */
const MIN_SLEEP_MS = 1;
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * What a replayed request is matched on: its query (`?symbol=BTCUSDT&limit=1000`), the base being
 * the replay's own (`replay:<dir>`). A venue's market list (one query) plays in recorded order;
 * Binance's depth snapshots, one query per symbol and asked for in whatever order the budget
 * grants them, each get their own symbol's.
 */
export function restKey(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? '' : url.slice(q);
}

const urlOf = (input: string | URL | Request) => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);

/** "1", "10", "0.5", "max" → the speed, or an error message naming the range. */
export function parseReplaySpeed(text: string): ReplaySpeed | { error: string } {
  const t = text.trim().toLowerCase();
  if (t === 'max') return 'max';
  const n = Number(t);
  if (t === '' || !Number.isFinite(n) || n <= 0 || n > MAX_REPLAY_SPEED) {
    return { error: `replay speed must be a number above 0 and at most ${MAX_REPLAY_SPEED}, or "max" (got ${JSON.stringify(text)})` };
  }
  return n;
}

export interface ReplayStats {
  dir: string;
  speed: ReplaySpeed;
  /** waiting: for the adapter to dial the next recorded connection. */
  state: 'playing' | 'waiting' | 'ended' | 'failed' | 'stopped';
  error: string | null;
  parts: number;
  /** The part being read (1-based). */
  part: number;
  bytesRead: number;
  bytesTotal: number;
  /** Share of the capture's compressed bytes read, 0–1. */
  progress: number;
  frames: number;
  /** Frames of a connection the adapter had already closed. */
  skippedFrames: number;
  /** Frames the recorder had dropped (marked in the capture). */
  droppedInCapture: number;
  connections: number;
  /** Recorded time of the first record and of the replay's position (ms epoch). */
  recordedStart: number;
  recordedAt: number;
  /** When the adapter dialed its first connection (the replay's start). */
  startedAt: number;
  endedAt: number | null;
  venue: string | null;
}

export interface Replay extends FeedIo {
  stats(): ReplayStats;
  /** Resolves when every record has been played (or the replay failed or was stopped). */
  readonly ended: Promise<void>;
  stop(): void;
}

interface Conn {
  h: WebSocketHandlers;
  state: 'dialing' | 'open' | 'closed';
}

export interface ReplayOptions {
  dir: string;
  speed: ReplaySpeed;
  log: Logger;
}

/** Throws CaptureDirError when dir holds no capture. Starts reading at once. */
export function createReplay(opts: ReplayOptions): Replay {
  const parts: CaptureParts = listParts(opts.dir);
  const { speed, log } = opts;
  const s: ReplayStats = {
    dir: opts.dir, speed, state: 'playing', error: null, parts: parts.paths.length, part: 0,
    bytesRead: 0, bytesTotal: parts.bytes, progress: 0, frames: 0, skippedFrames: 0, droppedInCapture: 0,
    connections: 0, recordedStart: 0, recordedAt: 0, startedAt: Date.now(), endedAt: null, venue: null,
  };
  const conns: Conn[] = [];
  let dials = 0;
  let dialWaiter: { conn: number; resolve: () => void } | undefined;
  /** Closes we asked for in the recording: done at the next dial, dropped at the end (see README). */
  let deferredCloses: { conn: number; code: number }[] = [];
  /** Recorded responses by restKey, and how many of each have been served. */
  const rest = new Map<string, { list: RestPayload[]; served: number }>();
  const fetchWaiters: { key: string; answer: () => void }[] = [];
  let stopped = false;
  let sleepTimer: NodeJS.Timeout | undefined;
  let wakeSleep: (() => void) | undefined;

  // The timeline: recorded time anchorTs plays at real time anchorReal.
  let anchorTs = NaN;
  let anchorReal = 0;
  let burstTs = -1;
  let nextTs = NaN;
  const realNow = () => performance.now();
  const rebase = (ts: number) => { anchorTs = ts; anchorReal = realNow(); };

  // While waiting for the adapter to dial, recorded time runs on (at the timer speed-up): the
  // connection layer schedules its redial by clock.now(), so a clock standing still would never
  // let it come.
  let waitTs = NaN;
  let waitReal = 0;
  const virtualNow = () => {
    if (burstTs >= 0) return burstTs;
    if (s.state === 'waiting' && !Number.isNaN(waitTs)) return waitTs + (realNow() - waitReal) * (speed === 'max' ? MAX_SPEED_TIMER_DIVISOR : speed);
    // At 'max', and once the capture has been played, recorded time stands still between frames
    // (so an idle end is not a silence the adapter would reconnect on).
    if (speed === 'max' || s.endedAt !== null || Number.isNaN(anchorTs)) return s.recordedAt || Date.now();
    const mapped = anchorTs + (realNow() - anchorReal) * speed;
    return Math.max(s.recordedAt, Number.isNaN(nextTs) ? mapped : Math.min(mapped, nextTs));
  };
  const clock: Clock = {
    now: virtualNow,
    setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms / (speed === 'max' ? MAX_SPEED_TIMER_DIVISOR : speed))),
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  };

  const sleep = (ms: number) => new Promise<void>((resolve) => {
    wakeSleep = resolve;
    sleepTimer = setTimeout(() => { wakeSleep = undefined; resolve(); }, ms);
  });
  const immediate = () => new Promise<void>((resolve) => setImmediate(resolve));

  const guarded = (what: string, fn: () => void) => {
    try { fn(); } catch (err) { log.warn({ err: String(err) }, `replay: the adapter's ${what} handler threw`); }
  };

  const closeConn = (c: Conn | undefined, code: number) => {
    if (!c || c.state === 'closed') return;
    c.state = 'closed';
    guarded('close', () => c.h.close(code));
  };

  /** Answers, in order, each waiting request whose response has been read (all of them once not playing); how many. */
  const settleFetches = (): number => {
    let answered = 0;
    for (let i = 0; i < fetchWaiters.length;) {
      const w = fetchWaiters[i]!;
      const r = rest.get(w.key);
      if (s.state === 'playing' && !(r && r.served < r.list.length)) { i++; continue; }
      fetchWaiters.splice(i, 1);
      w.answer();
      answered++;
    }
    return answered;
  };

  /** Plays one record other than a frame; true when it answered a waiting REST request. */
  function apply(r: CaptureRecord): boolean {
    const c = conns[r.conn];
    switch (r.kind) {
      case OPEN:
        if (c?.state === 'dialing') { c.state = 'open'; s.connections++; guarded('open', () => c.h.open()); }
        return false;
      case CLOSE: {
        const p = jsonPayload<ClosePayload>(r);
        const code = Number.isInteger(p?.code) ? p!.code : 1006;
        if (p?.by === 'us') deferredCloses.push({ conn: r.conn, code });
        else closeConn(c, code);
        return false;
      }
      case ERROR: {
        const p = jsonPayload<ErrorPayload>(r);
        if (c && c.state !== 'closed') {
          const err = Object.assign(new Error(p?.message ?? 'recorded error'), p?.code ? { code: p.code } : {});
          guarded('error', () => c.h.error(err));
        }
        return false;
      }
      case REST: {
        const p = jsonPayload<RestPayload>(r);
        if (p && typeof p.body === 'string' && Number.isInteger(p.status) && typeof p.url === 'string') {
          const key = restKey(p.url);
          const r = rest.get(key);
          if (r) r.list.push(p); else rest.set(key, { list: [p], served: 0 });
          return settleFetches() > 0;
        }
        return false;
      }
      case DROPPED: {
        const p = jsonPayload<{ frames: number }>(r);
        s.droppedInCapture += p?.frames ?? 0;
        log.warn({ frames: p?.frames }, 'replay: the recorder had dropped frames here; books may resync as they did live');
        return false;
      }
      default: return false; // SEND: what we sent, for reading a capture
    }
  }

  const setState = (state: ReplayStats['state']) => { s.state = state; settleFetches(); };

  async function run(): Promise<void> {
    let sinceYield = 0;
    for await (const batch of readCapture(parts, {
      bytes: (n) => { s.bytesRead += n; s.progress = s.bytesTotal > 0 ? Math.min(1, s.bytesRead / s.bytesTotal) : 1; },
      header: (h: PartHeader, part) => { s.part = part; if (h.venue && !s.venue) s.venue = h.venue; },
      truncated: (path, why) => log.warn({ path, why }, 'replay: a capture part ends early (recording cut short); replaying what it holds'),
    })) {
      for (let i = 0; i < batch.length;) {
        if (stopped) return;
        const r = batch[i]!;
        if (Number.isNaN(anchorTs)) { s.recordedStart = r.ts; rebase(r.ts); }
        if (r.kind === DIAL) {
          for (const d of deferredCloses) closeConn(conns[d.conn], d.code);
          deferredCloses = [];
          if (dials < r.conn) {
            waitTs = virtualNow();
            waitReal = realNow();
            setState('waiting');
            await new Promise<void>((resolve) => { dialWaiter = { conn: r.conn, resolve }; });
            dialWaiter = undefined;
            if (stopped) return;
            setState('playing');
            rebase(r.ts);
            // Played from the first dial on: the time before it is the process starting.
            if (r.conn === 1) s.startedAt = Date.now();
          }
        } else if (speed !== 'max') {
          const wait = anchorReal + (r.ts - anchorTs) / speed - realNow();
          if (wait >= MIN_SLEEP_MS) {
            nextTs = r.ts;
            await sleep(wait);
            nextTs = NaN;
            if (stopped) return;
          }
        }
        if (r.ts > s.recordedAt) s.recordedAt = r.ts;
        if (r.kind !== FRAME) {
          // Live, the adapter handled a REST answer before the next socket read; here it gets a
          // turn of the event loop for it before the records after it (a close may follow at once).
          if (apply(r)) await immediate();
          i++;
          continue;
        }
        // Consecutive frames of one connection with one receive time came in one socket read:
        // handed over in one synchronous run, then a microtask turn so the adapter ends its burst.
        const c = conns[r.conn];
        const open = c?.state === 'open';
        burstTs = r.ts;
        let j = i;
        while (j < batch.length) {
          const f = batch[j]!;
          if (f.kind !== FRAME || f.conn !== r.conn || f.ts !== r.ts) break;
          j++;
          if (!open || c!.state !== 'open') { s.skippedFrames++; continue; }
          s.frames++;
          sinceYield += f.payload.length;
          try { c!.h.message(f.payload.toString('utf8'), f.payload.length); } catch (err) {
            log.warn({ err: String(err) }, 'replay: the adapter\'s message handler threw');
          }
        }
        burstTs = -1;
        i = j;
        await Promise.resolve();
        if (speed === 'max' && sinceYield >= MAX_SPEED_YIELD_BYTES) { sinceYield = 0; await immediate(); }
      }
      if (speed === 'max') { sinceYield = 0; await immediate(); }
    }
  }

  let resolveEnded!: () => void;
  const ended = new Promise<void>((resolve) => { resolveEnded = resolve; });
  run().then(() => {
    if (stopped) return;
    deferredCloses = []; // the recording ended with our own close (the process stopped): the sockets stay open
    s.endedAt = Date.now();
    setState('ended');
    log.info({ frames: s.frames, connections: s.connections }, 'replay: the capture has been played to its end; the feed stays idle');
  }, (err: unknown) => {
    s.error = err instanceof Error ? err.message : String(err);
    s.endedAt = Date.now();
    setState('failed');
    log.error({ err: s.error }, 'replay: reading the capture failed');
  }).finally(resolveEnded);

  const connect: Connect = (_url, _opts, h) => {
    const k = ++dials;
    const c: Conn = { h, state: 'dialing' };
    conns[k] = c;
    if (dialWaiter && dialWaiter.conn <= k) dialWaiter.resolve();
    const shut = (code: number) => {
      if (c.state === 'closed') return;
      const wasDialing = c.state === 'dialing';
      c.state = 'closed';
      setImmediate(() => {
        if (wasDialing) guarded('error', () => h.error(new Error('replay: dial abandoned')));
        guarded('close', () => h.close(code));
      });
    };
    return {
      get isOpen() { return c.state === 'open'; },
      send() {},
      close(code = 1000) { shut(c.state === 'open' ? code : 1006); },
      terminate() { shut(1006); },
    };
  };

  const fetchReplay: Fetch = (input, init) => new Promise<Response>((resolve, reject) => {
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) { reject(signal.reason); return; }
    const key = restKey(urlOf(input));
    const answer = () => {
      signal?.removeEventListener('abort', onAbort);
      // Ahead of the recording (or past its end): the newest response of that query recorded so far.
      const r = rest.get(key);
      const p = r ? (r.served < r.list.length ? r.list[r.served++] : r.list[r.list.length - 1]) : undefined;
      if (!p) { reject(new TypeError('replay: the capture holds no REST response for this request')); return; }
      if (p.status === 0) { reject(new TypeError(`fetch failed (as recorded: ${p.body.slice(0, 200)})`)); return; }
      resolve(new Response(NULL_BODY.has(p.status) ? null : p.body, {
        status: p.status, headers: p.contentType ? { 'content-type': p.contentType } : {},
      }));
    };
    const waiter = { key, answer };
    const onAbort = () => {
      const i = fetchWaiters.indexOf(waiter);
      if (i >= 0) fetchWaiters.splice(i, 1);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    fetchWaiters.push(waiter);
    settleFetches();
  });

  return {
    connect, fetch: fetchReplay, clock, ended,
    stats: () => ({ ...s }),
    stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(sleepTimer);
      wakeSleep?.();
      dialWaiter?.resolve();
      if (s.state === 'playing' || s.state === 'waiting') { s.endedAt = Date.now(); setState('stopped'); }
    },
  };
}
