// A TCP or TLS socket whose reads are coalesced: once a light stream has been read, the socket
// stops reading and leaves what arrives in the kernel until the next flush reads it
// (ticker.readHeld(), @ob/core ticker.ts), or ticker.readDelayMs() later at the latest, so frames
// arriving 1 ms apart are handed over a flush's worth at a time, in the flush's own wake-up,
// instead of one wake-up each.
//
// socket.pause() alone does not do this: Node keeps reading into the stream's buffer until its
// high-water mark (16 KiB, ~50 ms of the seed's load), one wake-up per arriving segment. With
// net.connect's / tls.connect's `onread` (a static buffer and a callback) a callback that
// returns false stops the reads (uv_read_stop: the fd leaves epoll) and resume() restarts them.
//
// A busier stream holds shorter (HOLD_BYTES), a read that fills the buffer is followed by the
// next at once, and a stream too busy to hold (MIN_HOLD_MS) is read freely, so the firehose is
// not throttled. With a read delay of 0 (no streamer asked for one, or a 1 ms batch interval)
// every read happens at once.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { tickTask, type Ticker } from '@ob/core';

/** Each socket's read buffer, reused for every read: one read takes at most this much. */
export const READ_BUFFER_BYTES = 64 * 1024;
/**
 * A hold is cut short to gather about this much: inside the receive window a Linux socket starts
 * with (128 KiB of buffer, 64 KiB or more of it advertised), so the venue never has to wait on us
 * (what waits in its send buffer would escape our staleness count). At the seed's load (~260 KB/s
 * on a connection, 20-34 KiB in a 90-100 ms hold) the flush comes first; a stream ten times as
 * busy is read about every 18 ms on its own. A read that fills the buffer means more is
 * waiting: the socket reads on until the kernel is drained.
 */
export const HOLD_BYTES = 48 * 1024;
/**
 * A stream that would fill HOLD_BYTES in less than this (12 MB/s) is read freely, looked at again
 * each read delay: holds that short would throttle the firehose to a hold per timer tick.
 */
export const MIN_HOLD_MS = 4;
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
  let stopped = NOT_STOPPED;
  /** When the reads were last stopped to hold data. */
  let stoppedAt = 0;
  /**
   * After a restart, the stop time: what the drain begun by the restart reads may have waited
   * since (up to the read that empties the kernel, and the rest TLS hands over from it); -1 once
   * the data read is new.
   */
  let heldSince = -1;
  let restartTurn = -1;
  let restartedAt = 0;
  /** The restart's first read is still to come: if it comes in a later turn, nothing was waiting. */
  let firstOfDrain = false;
  /** Read freely (too busy to hold), looked at again each read delay. */
  let busy = false;
  /** Bytes read since `countedFrom` (the last stop, or look at a busy stream), for the arrival rate. */
  let counted = 0;
  let countedFrom = 0;
  let turnBytes = 0;

  /** Bytes a ms since the last look (and starts the next). */
  const rate = (now: number) => {
    const r = counted / Math.max(1, now - countedFrom);
    counted = 0;
    countedFrom = now;
    return r;
  };
  const restart = () => {
    stopped = NOT_STOPPED;
    if (!socket.destroyed) socket.resume();
  };
  const step = tickTask(() => {
    if (busy) {
      const now = ticker.now();
      busy = HOLD_BYTES / rate(now) < MIN_HOLD_MS;
      if (busy) ticker.scheduleOnGrid(step, now + ticker.readDelayMs());
      return;
    }
    if (stopped !== HOLDING) return;
    heldSince = stoppedAt;
    restartedAt = ticker.now();
    restartTurn = ticker.turn();
    firstOfDrain = true;
    restart();
  });
  const endTurn = () => {
    turnBytes = 0;
    if (stopped === YIELDED) restart();
  };

  const onread = (n: number, buf: Uint8Array): boolean => {
    if (discarding) return true;
    if (firstOfDrain) {
      firstOfDrain = false;
      if (ticker.turn() !== restartTurn) heldSince = -1; // read at once: new data
    } else if (heldSince >= 0 && ticker.now() - restartedAt > ticker.readDelayMs()) {
      // A drain that goes on past a read delay (full reads, turns yielded) is reading what came
      // after the restart: the kernel's backlog at the restart is long read.
      heldSince = -1;
    }
    ticker.handOver(heldSince, onChunk, (buf as Buffer).subarray(0, n));
    if (socket.destroyed) return false;
    counted += n;

    const before = turnBytes;
    turnBytes += n;
    // After this turn's reads, before the next turn's timers.
    if (before < TURN_RESET_AFTER_BYTES && turnBytes >= TURN_RESET_AFTER_BYTES) setImmediate(endTurn);
    if (turnBytes >= YIELD_AFTER_BYTES) { stopped = YIELDED; return false; } // the drain goes on next turn

    if (n === buf.length) return true; // more is waiting: drain it
    const d = ticker.readDelayMs();
    if (coalescing && d > 0 && !busy) {
      if (stopped === HOLDING) return false; // TLS handing over the rest of what its last read decrypted
      const now = ticker.now();
      const holdMs = HOLD_BYTES / rate(now);
      if (holdMs >= MIN_HOLD_MS) {
        stopped = HOLDING;
        stoppedAt = now;
        ticker.scheduleHold(step, now, holdMs);
        return false;
      }
      busy = true; // too busy to hold: looked at again each read delay
      ticker.scheduleOnGrid(step, now + d);
    }
    // Reading freely from now on: what comes is new (a stale stamp here made every later change look seconds old).
    heldSince = -1;
    return true;
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
    coalesce() { coalescing = true; countedFrom = ticker.now(); },
    discard() { discarding = true; ticker.cancel(step); if (stopped !== NOT_STOPPED) restart(); },
  };
}

const isIp = (host: string) => /^[\d.]+$/.test(host) || host.includes(':');
