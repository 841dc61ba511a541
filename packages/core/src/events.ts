// The normalized contract between a venue adapter (packages/feeds) and the engine
// (packages/streamer). Both import these types from here so neither imports the other.

export type MarketKind = 'perp' | 'spot';

/**
 * A venue-neutral name for what a market trades, so readers can join venues: Lighter's `BTC`,
 * Binance's `BTCUSDT` and OKX's `BTC-USDT-SWAP` all carry base BTC and kind perp.
 */
export interface Instrument {
  base: string;
  quote: string;
  kind: MarketKind;
}

/** `BTC-USD-PERP`, `ETH-USDC-SPOT`: the instrument as one string. */
export const instrumentName = (i: Instrument): string => `${i.base}-${i.quote}-${i.kind.toUpperCase()}`;

/** One market as the venue lists it. */
export interface MarketInfo {
  /**
   * The market's id within its venue: the venue's own where it has numeric ids (Lighter: 0 ETH,
   * 1 BTC, ...), else one the adapter assigns, stable per symbol for the life of the process.
   */
  id: number;
  /** The venue's own name (the Redis key uses it unchanged). */
  symbol: string;
  instrument?: Instrument;
  priceDecimals?: number;
  sizeDecimals?: number;
}

/**
 * One order-book message after parsing. Levels are flat string arrays
 * `[price0, size0, price1, size1, ...]` holding the venue's exact decimal strings,
 * so the hot path allocates no tuple per level.
 */
export interface BookEvent {
  kind: 'snapshot' | 'delta';
  market: number;
  /** The venue's sequence number after this event (Lighter: nonce). */
  seq: number;
  /** The sequence this event builds on (Lighter: begin_nonce); -1 when the venue gives none. */
  prevSeq: number;
  /** Venue timestamp, ms since epoch (0 when absent). */
  exchangeTs: number;
  /** Local clock when the frame arrived, ms since epoch. */
  receivedTs: number;
  bids: string[];
  asks: string[];
  /**
   * Optional numbers for the levels, from parsers that read them while validating the strings:
   * one per level (bidKeys[i] for bids[2i], bids[2i+1]), the price exactly as Number(price)
   * gives it, negated when the size is zero (the level is a delete; prices are always > 0).
   * The book orders by these instead of converting the strings again (levelKey() in side.ts
   * gives the same number from the strings). Absent, or not one per level: the strings are used.
   */
  bidKeys?: number[];
  askKeys?: number[];
}

export type InvalidateReason = 'gap' | 'disconnect' | 'resubscribe';

/** What a feed calls; the engine implements it. */
export interface FeedListener {
  /** A continuity-checked event: apply it. A snapshot makes an invalid market valid again. */
  event(ev: BookEvent): void;
  /** Stop writing this market until its next snapshot (its Redis key keeps the last good book). */
  invalidate(market: number, reason: InvalidateReason): void;
  /** The market list became known or changed. */
  markets(list: readonly MarketInfo[]): void;
  /**
   * Optional: the feed has handed over the frames of one socket read. Timed work due about now
   * can run here and share this wake-up instead of waking the process on its own.
   */
  wake?(): void;
}

export type FeedStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'stopped';

/** Monotonic counters a feed keeps; the engine reads them for stats and /metrics. */
export interface FeedCounters {
  /** Frames received (all types). */
  messages: number;
  /** Bytes received. */
  bytes: number;
  /** Book events delivered to the listener. */
  bookEvents: number;
  parseErrors: number;
  unknownTypes: number;
  gaps: number;
  resyncs: number;
  reconnects: number;
  /** Frames refused for size before parsing. */
  oversizeFrames: number;
}

/** A venue adapter as the engine sees it. */
export interface FeedSource {
  readonly venue: string;
  /** Where it connects (shown to operators). */
  readonly url: string;
  /** Resolves once the market list is known and subscriptions are sent. */
  start(listener: FeedListener): Promise<void>;
  /** Closes the connection; no listener call after it resolves. */
  stop(): Promise<void>;
  /** Subscribe only these symbols (empty = every active market), without a process restart. */
  setMarkets(symbols: readonly string[]): void;
  markets(): readonly MarketInfo[];
  status(): FeedStatus;
  counters(): Readonly<FeedCounters>;
  /** Optional: the venue's own counters beyond FeedCounters (checksum mismatches, REST weight...), flat. */
  venueCounters?(): Readonly<Record<string, number>>;
}

export function emptyFeedCounters(): FeedCounters {
  return {
    messages: 0, bytes: 0, bookEvents: 0, parseErrors: 0, unknownTypes: 0,
    gaps: 0, resyncs: 0, reconnects: 0, oversizeFrames: 0,
  };
}
