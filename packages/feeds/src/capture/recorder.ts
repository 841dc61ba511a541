// The recording side of the seam the feed offers (connect, fetch, clock): wraps the real
// WebSocket connector and fetch, writes what the adapter receives (every frame with its receive
// time, opens, closes, errors, what it sends, the REST bodies) and hands everything on unchanged.
// The clock it returns reads the same time for every frame of one socket read as the recorder
// wrote for them, so a replay can give the adapter exactly the times the live run saw.
import { Buffer } from 'node:buffer';
import { systemClock, type Clock } from '@ob/core';
import { readBody } from '../shared/get-json';
import { connectWebSocket } from '../ws/web-socket';
import { CLOSE, DIAL, ERROR, OPEN, REST, SEND } from './format';
import type { CaptureWriter } from './writer';

export type Connect = typeof connectWebSocket;
export type Fetch = typeof globalThis.fetch;

/** What a feed takes to reach the venue: the socket, REST and time. */
export interface FeedIo {
  connect: Connect;
  fetch: Fetch;
  clock: Clock;
}

/** A REST body bigger than this is recorded cut (the adapters refuse far less: 4 MiB). */
export const MAX_REST_RECORD_BYTES = 16 * 1024 * 1024;
const EMPTY = Buffer.alloc(0);
const NULL_BODY = new Set([101, 204, 205, 304]);

/** user:password@ in a URL stays out of the capture. */
const withoutCredentials = (url: string) => url.replace(/\/\/[^/@]*@/, '//');

export function createRecorder(opts: { writer: CaptureWriter; connect?: Connect; fetch?: Fetch; clock?: Clock }): FeedIo {
  const w = opts.writer;
  const base = opts.clock ?? systemClock;
  const realConnect = opts.connect ?? connectWebSocket;
  const realFetch = opts.fetch ?? globalThis.fetch;
  let burstTs = -1;
  const endBurst = () => { burstTs = -1; };
  /** One receive time per socket read: its frames arrive in one synchronous run. */
  const burstNow = () => {
    if (burstTs < 0) { burstTs = base.now(); queueMicrotask(endBurst); }
    return burstTs;
  };
  let dials = 0;
  let fetches = 0;

  const clock: Clock = {
    now: () => (burstTs >= 0 ? burstTs : base.now()),
    setTimeout: (fn, ms) => base.setTimeout(fn, ms),
    clearTimeout: (h) => base.clearTimeout(h),
    ...(base.preciseNow ? { preciseNow: () => base.preciseNow!() } : {}),
  };

  const connect: Connect = (url, wsOpts, h) => {
    const conn = ++dials;
    w.record(DIAL, conn, base.now(), JSON.stringify({ url: withoutCredentials(url) }));
    let byUs = false;
    const sock = realConnect(url, wsOpts, {
      open() { w.record(OPEN, conn, base.now(), EMPTY); h.open(); },
      message(text, bytes) { w.frame(conn, burstNow(), text); h.message(text, bytes); },
      error(err) {
        w.record(ERROR, conn, base.now(), JSON.stringify({ message: err.message, ...(err.code ? { code: err.code } : {}) }));
        h.error(err);
      },
      close(code) { w.record(CLOSE, conn, base.now(), JSON.stringify({ code, by: byUs ? 'us' : 'venue' })); h.close(code); },
    });
    return {
      get isOpen() { return sock.isOpen; },
      send(text) { if (sock.isOpen) w.record(SEND, conn, base.now(), text); sock.send(text); },
      close(code) { byUs = true; sock.close(code); },
      terminate() { byUs = true; sock.terminate(); },
    };
  };

  const fetchRecorded: Fetch = async (input, init) => {
    const n = ++fetches;
    const url = withoutCredentials(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    let res: Response;
    try {
      res = await realFetch(input, init);
    } catch (err) {
      w.record(REST, n, base.now(), JSON.stringify({ url, status: 0, contentType: null, body: String(err) }));
      throw err;
    }
    const contentType = res.headers.get('content-type');
    let body: string;
    try { body = (await readBody(res, MAX_REST_RECORD_BYTES)).text; } catch (err) {
      w.record(REST, n, base.now(), JSON.stringify({ url, status: 0, contentType: null, body: String(err) }));
      throw err;
    }
    w.record(REST, n, base.now(), JSON.stringify({ url, status: res.status, contentType, body }));
    return new Response(NULL_BODY.has(res.status) ? null : body, {
      status: res.status, statusText: res.statusText, headers: contentType ? { 'content-type': contentType } : {},
    });
  };

  return { connect, fetch: fetchRecorded, clock };
}
