// A TCP or TLS socket whose reads are coalesced: once a light stream has been read, the socket
// stops reading and leaves what arrives in the kernel until the ticker's next step (at most
// ticker.readDelayMs() later), so frames arriving 1 ms apart are handed over 10-20 at a time in
// one wake-up shared with every other socket and the flush, instead of one wake-up each.
//
// socket.pause() alone does not do this: Node keeps reading into the stream's buffer until its
// high-water mark (16 KiB, ~50 ms of the seed's load), one wake-up per arriving segment. With
// net.connect's / tls.connect's `onread` (a static buffer and a callback) a callback that
// returns false stops the reads (uv_read_stop: the fd leaves epoll) and resume() restarts them.
//
// A busy stream (FLOW_ABOVE_BYTES in one step) is read freely, as before, so the firehose is not
// throttled to a buffer per step; it is looked at again each step. With a read delay of 0 (no
// streamer asked for one, or a 1 ms batch interval) every read happens at once.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { tickTask, type Ticker } from '@ob/core';

/** Each socket's read buffer, reused for every read: one read takes at most this much. */
export const READ_BUFFER_BYTES = 64 * 1024;
/** A step that brought this much makes the stream a busy one: read freely until a step brings less. */
export const FLOW_ABOVE_BYTES = 32 * 1024;
/**
 * Bytes handled in one event-loop turn before the socket stops until the next: a backlog (a
 * burst, a catch-up) is worked off in slices of a few ms with timers and other sockets (the
 * Redis replies) served in between, not in one read loop of up to 32 × 64 KiB.
 */
export const YIELD_AFTER_BYTES = 256 * 1024;
/**
 * The byte count is reset at the end of the turn (setImmediate) only once it passes this: a
 * pending Immediate costs the loop an extra poll, which per small read was most of what a
 * frame-at-a-time feed cost us above the socket itself. So a turn carries under this much from
 * earlier ones, and a backlog is stopped after 192-256 KiB of its own turn.
 */
export const TURN_RESET_AFTER_BYTES = 64 * 1024;

const NOT_STOPPED = 0, HOLDING = 1, YIELDED = 2;

export interface ReadingSocket {
  readonly socket: Socket;
  /** From now on reads may be held (before: the handshake, read at once). */
  coalesce(): void;
  /** Stops handing data over (a broken stream): the socket still reads, to see the server close. */
  discard(): void;
}

/**
 * Dials `target` (ws: over TCP, wss: over TLS). `onChunk` gets each read; the chunk is a view of
 * a buffer reused by the next read, so anything kept past the call must be copied. While it
 * runs, ticker.heldSince() says from when its data may have waited in the kernel.
 */
export function dialReadingSocket(target: URL, ticker: Ticker, onChunk: (chunk: Buffer) => void): ReadingSocket {
  const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  let coalescing = false;
  let discarding = false;
  let busy = false;
  let stopped = NOT_STOPPED;
  /** When the reads were last stopped to hold data. */
  let stoppedAt = 0;
  /** After a restart: the stop time (what is read now may have waited since), and the restart's time. */
  let heldSince = -1;
  let restartedAt = 0;
  let stepBytes = 0;
  let turnBytes = 0;

  const restart = () => {
    stopped = NOT_STOPPED;
    if (!socket.destroyed) socket.resume();
  };
  const step = tickTask(() => {
    busy = stepBytes >= FLOW_ABOVE_BYTES;
    stepBytes = 0;
    if (stopped === HOLDING) { heldSince = stoppedAt; restartedAt = ticker.now(); restart(); }
    if (busy) ticker.scheduleOnGrid(step, ticker.now() + ticker.readDelayMs());
  });
  const endTurn = () => {
    turnBytes = 0;
    if (stopped === YIELDED) restart();
  };

  const onread = (n: number, buf: Uint8Array): boolean => {
    if (discarding) return true;
    const now = ticker.now();
    const d = ticker.readDelayMs();
    // Data read soon after a restart may have waited since the stop; later reads are of new data.
    if (heldSince >= 0 && now - restartedAt > d) heldSince = -1;
    const since = heldSince;
    ticker.handOver(since, onChunk, (buf as Buffer).subarray(0, n));
    if (socket.destroyed) return false;

    const before = turnBytes;
    turnBytes += n;
    // After this turn's reads, before the next turn's timers.
    if (before < TURN_RESET_AFTER_BYTES && turnBytes >= TURN_RESET_AFTER_BYTES) setImmediate(endTurn);
    if (turnBytes >= YIELD_AFTER_BYTES) { stopped = YIELDED; return false; }

    if (!coalescing || d <= 0) return true;
    stepBytes += n;
    // A full buffer means more is waiting: a busy stream, read freely (re-checked each step).
    if (!busy && (n === buf.length || stepBytes >= FLOW_ABOVE_BYTES)) { busy = true; ticker.scheduleOnGrid(step, now + d); }
    if (busy) return true;
    if (stopped !== HOLDING) {
      stopped = HOLDING;
      stoppedAt = now;
      ticker.scheduleOnGrid(step, now + d);
    }
    return false; // TLS still hands over the rest of what its last read decrypted
  };

  const host = target.hostname.replace(/^\[|\]$/g, ''); // [::1] → ::1
  const secure = target.protocol === 'wss:';
  const port = Number(target.port || (secure ? 443 : 80));
  const socket: Socket = secure
    ? tlsConnect({ host, port, servername: isIp(host) ? undefined : host, onread: { buffer, callback: onread } } as ConnectionOptions)
    : netConnect({ host, port, onread: { buffer, callback: onread } });
  socket.on('close', () => ticker.cancel(step));

  return {
    socket,
    coalesce() { coalescing = true; },
    discard() { discarding = true; ticker.cancel(step); if (stopped !== NOT_STOPPED) restart(); },
  };
}

const isIp = (host: string) => /^[\d.]+$/.test(host) || host.includes(':');
