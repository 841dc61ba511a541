// One dashboard connection: validates what it sends, pushes its subscribed books at most
// 10 times a second, and never queues: a book marked dirty is read fresh when it is sent,
// so a slow reader gets the latest book, and one whose send buffer passes the bound is dropped.
import { ClientFrame, type ServerFrame } from '@ob/protocol';
import type { Engines } from '../engines/engines';
import { Compile } from 'typebox/compile';
import type { RawData, WebSocket } from 'ws';

/** Past this many bytes waiting in a client's send buffer, it is dropped with 1008. */
export const MAX_WS_BUFFERED_BYTES = 1024 * 1024;
/** Inbound frames larger than this get an error frame (the hard cap, MAX_WS_PAYLOAD_BYTES, closes). */
export const MAX_CLIENT_FRAME_BYTES = 4 * 1024;
/** At most this often per client: 10 Hz. */
export const BOOK_MIN_INTERVAL_MS = 100;
export const MAX_SUBSCRIPTIONS_PER_CLIENT = 16;
export const CLOSE_POLICY_VIOLATION = 1008;
/** A dropped client that does not answer the close handshake (it is not reading) is cut after this. */
export const DROP_GRACE_MS = 1_000;

const checkFrame = Compile(ClientFrame);

export interface ClientHooks {
  onBadFrame(): void;
  /** Dropped for not reading; `buffered` is its send buffer at that moment (bytes). */
  onDropped(buffered: number): void;
}

export interface WsClient {
  /** False when the client was dropped or is closing. */
  send(frame: ServerFrame | string): boolean;
  /** Some books of a venue were written: push those this client follows (coalesced). */
  booksChanged(venue: string, symbols: readonly string[]): void;
  close(code: number, reason: string): void;
}

/** A subscription's key: venue and symbol (a symbol alone can name markets of several venues). */
const subKey = (venue: string, symbol: string) => `${venue}\u0000${symbol}`;

export function createWsClient(socket: WebSocket, deps: {
  engines: Engines; maxBufferedBytes: number; hooks: ClientHooks;
  /** The serialized `book` frame, shared by every client following that market at that depth. */
  bookFrame(venue: string, symbol: string, depth: number): string | undefined;
}): WsClient {
  const { engines, maxBufferedBytes, hooks, bookFrame } = deps;
  /** key → venue, symbol and depth. */
  const subs = new Map<string, { venue: string; symbol: string; depth: number }>();
  const dirty = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let lastBooksAt = 0;
  let dropped = false;

  const send = (frame: ServerFrame | string): boolean => {
    if (dropped || socket.readyState !== socket.OPEN) return false;
    const buffered = socket.bufferedAmount;
    if (buffered > maxBufferedBytes) {
      dropped = true;
      hooks.onDropped(buffered);
      socket.close(CLOSE_POLICY_VIOLATION, 'not reading fast enough');
      // Its unsent frames stay in memory until the socket is gone: do not wait ws's 30 s close timeout.
      setTimeout(() => socket.terminate(), DROP_GRACE_MS).unref();
      return false;
    }
    socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    return true;
  };

  const error = (code: string, message: string) => send({ type: 'error', code, message });

  const flushBooks = () => {
    timer = undefined;
    lastBooksAt = Date.now();
    for (const key of dirty) {
      const sub = subs.get(key);
      const frame = sub === undefined ? undefined : bookFrame(sub.venue, sub.symbol, sub.depth);
      if (frame && !send(frame)) break;
    }
    dirty.clear();
  };

  const schedule = () => {
    if (timer || dropped) return;
    const wait = Math.max(0, lastBooksAt + BOOK_MIN_INTERVAL_MS - Date.now());
    timer = setTimeout(flushBooks, wait);
  };

  const handle = (frame: ClientFrame) => {
    switch (frame.type) {
      case 'ping': send({ type: 'pong' }); return;
      case 'unsubscribe': {
        const venue = frame.venue ?? engines.bySymbol(frame.symbol)?.venue;
        if (venue === undefined) return;
        subs.delete(subKey(venue, frame.symbol));
        dirty.delete(subKey(venue, frame.symbol));
        return;
      }
      case 'subscribe': {
        const engine = frame.venue !== undefined ? engines.get(frame.venue) : engines.bySymbol(frame.symbol);
        if (!engine) {
          error('ERR_NOT_FOUND', frame.venue !== undefined && !engines.get(frame.venue)
            ? `Unknown venue "${frame.venue}"; this server streams ${engines.venues.join(', ')}.`
            : `Unknown market "${frame.symbol}"; the hello frame lists the markets.`);
          return;
        }
        const market = engine.streamer.markets().find((m) => m.symbol === frame.symbol);
        if (!market) { error('ERR_NOT_FOUND', `Unknown market "${frame.symbol}" on ${engine.venue}; the hello frame lists the markets.`); return; }
        const key = subKey(engine.venue, frame.symbol);
        if (!subs.has(key) && subs.size >= MAX_SUBSCRIPTIONS_PER_CLIENT) {
          error('ERR_BAD_REQUEST', `At most ${MAX_SUBSCRIPTIONS_PER_CLIENT} subscriptions per connection; unsubscribe one first.`);
          return;
        }
        subs.set(key, { venue: engine.venue, symbol: frame.symbol, depth: frame.depth ?? market.depth });
        dirty.add(key); // the current book at once, not at the next flush
        schedule();
      }
    }
  };

  socket.on('message', (data: RawData, isBinary: boolean) => {
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
    let parsed: unknown;
    if (isBinary) { hooks.onBadFrame(); error('ERR_BAD_REQUEST', 'Send text frames holding JSON.'); return; }
    if (size > MAX_CLIENT_FRAME_BYTES) { hooks.onBadFrame(); error('ERR_BAD_REQUEST', `Frames are limited to ${MAX_CLIENT_FRAME_BYTES} bytes.`); return; }
    try { parsed = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8')); } catch {
      hooks.onBadFrame(); error('ERR_BAD_REQUEST', 'The frame is not JSON; send e.g. {"type":"subscribe","symbol":"BTC"}.'); return;
    }
    if (!checkFrame.Check(parsed)) {
      hooks.onBadFrame();
      error('ERR_BAD_REQUEST', 'Unknown or malformed frame; send {"type":"subscribe","venue":"lighter","symbol":"BTC","depth":20}, {"type":"unsubscribe","symbol":"BTC"} or {"type":"ping"}.');
      return;
    }
    handle(parsed);
  });

  socket.on('close', () => { if (timer) clearTimeout(timer); timer = undefined; dropped = true; });

  return {
    send,
    booksChanged(venue, symbols) {
      if (subs.size === 0 || dropped) return;
      let any = false;
      for (const s of symbols) {
        const key = subKey(venue, s);
        if (subs.has(key)) { dirty.add(key); any = true; }
      }
      if (any) schedule();
    },
    close(code, reason) { if (timer) clearTimeout(timer); socket.close(code, reason); },
  };
}
