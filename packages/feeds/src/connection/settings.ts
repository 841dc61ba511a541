// What a venue feed is set up with: the operator's options, and the caps and cadences derived
// from them and the venue's documented limits, worked out once so every part reads the same.
import type { Clock, Logger, MarketKind } from '@ob/core';
import type { BackoffOptions } from '../backoff';
import { PONG_TIMEOUT_MS, type Connect } from './link';
import { MINUTE_MS, WINDOW_SHARE } from './pacer';
import { SNAPSHOT_TIMEOUT_MS, type ResyncBackoffOptions } from './resync-backoff';
import type { VenueLimits, VenueModule } from './types';

/** Frames bigger than this are refused before parsing (closed with 1009; that link reconnects). */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
export const CONNECT_TIMEOUT_MS = 10_000;
export const REST_TIMEOUT_MS = 10_000;
/** stop() waits this long for the close handshakes before cutting the sockets. */
export const CLOSE_GRACE_MS = 1_000;
/** Markets per connection unless the operator says otherwise: half of Lighter's cap of 100. */
export const DEFAULT_MARKETS_PER_CONNECTION = 50;
export const DEFAULT_MARKETS_REFRESH_MS = 300_000;
/** A failed refresh is retried after at most this long (the first fetch backs off from the reconnect base). */
export const LIST_RETRY_MS = 30_000;
/** Unknown frame types are logged once per name, for at most this many names. */
export const MAX_LOGGED_TYPE_NAMES = 256;
/** After one connection recycled for age, the next waits at least this long. */
export const RECYCLE_GAP_MS = 30_000;
/** The venue refused us for speed: no subscribe for this long. */
export const THROTTLE_HOLD_MS = 5_000;

export interface VenueFeedOptions {
  wsUrl?: string;
  restUrl?: string;
  /** Symbols to subscribe; empty or absent = every listed market of `kinds`. */
  symbols?: readonly string[];
  /** Market kinds to stream (default perp). */
  kinds?: readonly MarketKind[];
  /**
   * Markets this feed may stream (absent: all): one that it refuses is neither subscribed nor
   * written, so several processes can share a venue's markets (each its own shard).
   */
  accept?: (symbol: string) => boolean;
  marketsPerConnection?: number;
  /** Market-list refresh period (default 5 min). */
  marketsRefreshMs?: number;
  log: Logger;
  clock?: Clock;
  /** The socket (same signature as connectWebSocket): a recorder or replayer may wrap or replace it. */
  connect?: Connect;
  /** REST (same as globalThis.fetch). */
  fetch?: typeof fetch;
  /** Overrides of the module's limits (tests scale windows and ages down). */
  limits?: Partial<VenueLimits>;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  snapshotTimeoutMs?: number;
  resyncBackoff?: ResyncBackoffOptions;
  backoff?: BackoffOptions;
  connectTimeoutMs?: number;
  restTimeoutMs?: number;
  maxFrameBytes?: number;
  /** Gap between two age recycles (default RECYCLE_GAP_MS, capped at a tenth of the age). */
  recycleGapMs?: number;
}

export interface FeedSettings {
  wsUrl: string;
  restUrl: string;
  limits: VenueLimits;
  /** Markets per connection: the operator's choice under the venue's cap. */
  perConnection: number;
  /** Connections at most: as many as the venue allows open, and no more than its total subscriptions need. */
  maxLinks: number;
  refreshMs: number;
  snapshotMs: number;
  pingMs: number;
  pongMs: number;
  /** A connection is recycled at this age (Infinity: never). */
  recycleAge: number;
  recycleGap: number;
  /** The window the venue counts client messages in. */
  windowMs: number;
  /** Our share of the venue's per-connection messages a second (Infinity: none documented). */
  sendsPerSecond: number;
  restTimeoutMs: number;
  /** The one timer's period: a fraction of the shortest cadence it serves. */
  tickMs: number;
}

export function feedSettings(module: Pick<VenueModule, 'limits' | 'wsUrl' | 'restUrl'>, opts: VenueFeedOptions): FeedSettings {
  const limits: VenueLimits = { ...module.limits, ...opts.limits };
  const perConnection = Math.max(1, Math.min(opts.marketsPerConnection ?? DEFAULT_MARKETS_PER_CONNECTION, limits.subscriptionsPerConnection));
  const snapshotMs = opts.snapshotTimeoutMs ?? SNAPSHOT_TIMEOUT_MS;
  // Our ping must go well inside the venue's idle close, whatever the module or the options say.
  const pingMs = Math.min(opts.pingIntervalMs ?? limits.pingIntervalMs, Math.floor((limits.idleCloseMs ?? Infinity) / 3));
  const pongMs = opts.pongTimeoutMs ?? Math.min(PONG_TIMEOUT_MS, Math.max(pingMs, 50));
  const maxAge = limits.maxConnectionAgeMs ?? Infinity;
  const windowMs = limits.messageWindowMs ?? MINUTE_MS;
  return {
    wsUrl: opts.wsUrl ?? module.wsUrl,
    restUrl: opts.restUrl ?? module.restUrl,
    limits,
    perConnection,
    maxLinks: Math.min(limits.connectionsOpen ?? Infinity, Math.floor((limits.subscriptionsTotal ?? Infinity) / perConnection)),
    refreshMs: opts.marketsRefreshMs ?? DEFAULT_MARKETS_REFRESH_MS,
    snapshotMs,
    pingMs,
    pongMs,
    // Recycle well before the venue's drop: at 90 % (less a stagger per link, see link.ts).
    recycleAge: maxAge === Infinity ? Infinity : maxAge * 0.9,
    recycleGap: opts.recycleGapMs ?? Math.min(RECYCLE_GAP_MS, maxAge / 20),
    windowMs,
    sendsPerSecond: limits.messagesPerSecond !== undefined ? Math.max(1, Math.floor(limits.messagesPerSecond * WINDOW_SHARE)) : Infinity,
    restTimeoutMs: opts.restTimeoutMs ?? REST_TIMEOUT_MS,
    tickMs: Math.max(5, Math.min(250, Math.floor(Math.min(pingMs, pongMs, snapshotMs, windowMs / 8) / 4))),
  };
}
