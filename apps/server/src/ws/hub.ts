// Every /ws connection: hello on connect, stats at statsHz, book pushes after each flush,
// config frames when settings change. A stats frame is serialized once for all clients.
import type { Engines } from '../engines/engines';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { ConfigService } from '../config-service';
import { createWsClient, type WsClient } from './client';

/** Stats frames carry only the last few samples; GET /api/stats has the full history. */
export const STATS_FRAME_HISTORY = 5;

export interface HubCounters {
  clients: number;
  droppedSlow: number;
  badFrames: number;
  rejectedOrigin: number;
  /** The largest send buffer a client reached before it was dropped (bytes): bounded by design. */
  peakBufferedBytes: number;
}

export interface Hub {
  add(socket: WebSocket): void;
  rejectedOrigin(): void;
  counters(): HubCounters;
  close(): void;
}

export function createHub(deps: {
  engines: Engines; config: ConfigService; statsHz: number; maxBufferedBytes: number; log: FastifyBaseLogger;
}): Hub {
  const { engines, config, statsHz, maxBufferedBytes, log } = deps;
  const clients = new Set<WsClient>();
  const counts = { droppedSlow: 0, badFrames: 0, rejectedOrigin: 0, peakBufferedBytes: 0 };

  const broadcast = (text: string) => { for (const c of clients) c.send(text); };

  const statsTimer = setInterval(() => {
    if (clients.size === 0) return;
    const venues = engines.list.length > 1 ? { venues: engines.list.map((e) => engines.stats(STATS_FRAME_HISTORY, e.venue)) } : {};
    broadcast(JSON.stringify({ type: 'stats', stats: engines.stats(STATS_FRAME_HISTORY), markets: engines.markets(), ...venues }));
  }, Math.round(1000 / statsHz));
  statsTimer.unref();

  // Book frames are serialized once per market and depth between two flushes, however many
  // clients follow that market. They carry the book as Redis acked it (the dashboard compares
  // the two; the in-memory book may already be newer at the ack), or the in-memory book before
  // the first write or at a depth deeper than written.
  const bookFrames = new Map<string, string>();
  const bookFrame = (venue: string, symbol: string, depth: number): string | undefined => {
    const key = `${venue}\u0000${depth}:${symbol}`;
    let frame = bookFrames.get(key);
    if (frame === undefined) {
      const streamer = engines.get(venue)?.streamer;
      const book = streamer && (streamer.writtenBook(symbol, depth) ?? streamer.book(symbol, depth));
      if (!book) return undefined;
      frame = JSON.stringify({ type: 'book', book });
      bookFrames.set(key, frame);
    }
    return frame;
  };
  const offFlush = engines.onFlush((venue, symbols) => {
    // Only this venue's frames are stale; the key starts with the venue.
    for (const key of bookFrames.keys()) if (key.startsWith(`${venue}\u0000`)) bookFrames.delete(key);
    for (const c of clients) c.booksChanged(venue, symbols);
  });
  const offConfig = config.onChange((cfg) => broadcast(JSON.stringify({ type: 'config', config: cfg })));

  return {
    add(socket) {
      const client = createWsClient(socket, {
        engines, maxBufferedBytes, bookFrame,
        hooks: {
          onBadFrame: () => { counts.badFrames++; },
          onDropped: (buffered) => {
            counts.droppedSlow++;
            counts.peakBufferedBytes = Math.max(counts.peakBufferedBytes, buffered);
            log.warn({ buffered, maxBufferedBytes }, 'dropped a WebSocket client that does not read (1008)');
          },
        },
      });
      clients.add(client);
      socket.on('close', () => clients.delete(client));
      socket.on('error', (err) => log.debug({ err }, 'websocket error'));
      client.send({ type: 'hello', config: config.get(), markets: engines.markets(), statsHz });
    },
    rejectedOrigin() { counts.rejectedOrigin++; },
    counters: () => ({ clients: clients.size, ...counts }),
    close() {
      clearInterval(statsTimer);
      offFlush();
      offConfig();
      for (const c of clients) c.close(1001, 'server shutting down');
      clients.clear();
    },
  };
}
