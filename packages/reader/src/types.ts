// The reader's public shapes. A Book is the snapshot JSON the streamer writes (its README's
// "Redis layout"): fields a newer streamer adds are kept on the object as they come.

/** [price, size]: the exchange's decimal strings, unchanged (parse them with a decimal library, not Number, if you must be exact). */
export type Level = [price: string, size: string];

export interface Book {
  venue: string;
  /** The venue's market id. */
  market: number;
  symbol: string;
  /** The venue's sequence number (nonce) of the last update in this book. */
  seq: number;
  /** ms since epoch: the venue's timestamp of that update, when it arrived at the streamer, and when the streamer built this snapshot. */
  exchangeTs: number;
  receivedTs: number;
  writtenTs: number;
  /** Best first: bids descending, asks ascending, cut at the streamer's depth (depth 1 for top-of-book entries). */
  bids: Level[];
  asks: Level[];
  /** Present (true) when the venue's book was crossed (best bid >= best ask) as written: the streamer writes what the venue sent; decide here whether to trust it. */
  crossed?: true;
}

/** How old a book is and how close its key is to expiring. */
export interface Staleness {
  /** This machine's clock minus writtenTs (ms): clock skew between the two machines is included. */
  ageMs: number;
  /** What Redis says is left of the key's TTL (ms); -1 when the key has no expiry, null when unknown (a stream entry). */
  ttlMs: number | null;
  /** True when any reason applies. */
  stale: boolean;
  /** 'age': ageMs > maxAgeMs. 'expiring': ttlMs < minTtlMs, i.e. the streamer has not rewritten the key for a while (a stopped streamer's books vanish when their TTL runs out). */
  reasons: ('age' | 'expiring')[];
}

export interface StalenessLimits {
  /** A book older than this is stale. Default 5000 ms. */
  maxAgeMs: number;
  /** A key with less TTL left than this is stale. Default 1000 ms. */
  minTtlMs: number;
}

/** What read() answers: the book, where it was, and its staleness. */
export interface BookRead {
  book: Book;
  key: string;
  /** Whether the value was gzip (the key ends in ":gz"). */
  compressed: boolean;
  staleness: Staleness;
}

/** Which markets a subscription delivers. */
export interface Filter {
  /** Venues to follow, e.g. ["lighter"]. At least one. */
  venues: readonly string[];
  /** Symbols to deliver, e.g. ["BTC", "ETH"]; omitted or empty: every symbol of those venues, including ones that appear later. */
  symbols?: readonly string[];
}

/** "venue:symbol" → stream entry id: where a stream subscription stands, and where one resumes. */
export type Cursors = Record<string, string>;

/** Why a stream subscription delivered a book from the latest key instead of from the stream. */
export type ResyncReason =
  /** No cursor for this market: the subscription starts from the latest book. */
  | 'start'
  /** The stream was trimmed (streamMaxLen) past the cursor: entries after it are lost. */
  | 'trimmed'
  /** The stream is gone (deleted, Redis emptied) although the cursor came from it. */
  | 'missing'
  /** The stream was deleted and written anew since the cursor: entries in between are lost. */
  | 'recreated';

export interface UpdateInfo {
  venue: string;
  symbol: string;
  /** 'key': the latest book ({prefix}:book:…); 'stream': a change-stream entry. */
  source: 'key' | 'stream';
  /** Stream subscriptions: the entry id this update brings the cursor to (save it to resume); null otherwise. */
  id: string | null;
  /** 'full': the book at the streamer's depth; 'top': a top-of-book entry (the book at depth 1). */
  depth: 'full' | 'top';
  /** Stream subscriptions: set when the subscription (re)started this market here, and why (from the key, or the newest entry when the key has expired); null otherwise. */
  resync: ResyncReason | null;
}

/** Called for every update, one at a time: a returned promise is awaited before the next update. */
export type OnBook = (book: Book, info: UpdateInfo) => void | Promise<void>;

export interface SubscribeOptions {
  /**
   * false (default): wait on the updates channel and read the latest key of each market named:
   * a slow callback sees fewer, newer books. true: read the change streams instead (the
   * streamer's `stream` setting must be on): every entry in order, resumable with `from`.
   */
  stream?: boolean;
  /** Stream subscriptions: resume after these entry ids, e.g. what cursors() returned before a restart. */
  from?: Cursors;
  /** Deliver each market's current book first (default true). Stream subscriptions always start from the key for markets without a cursor. */
  initial?: boolean;
  /** Problems the subscription survives (bad values, Redis errors, callback errors). Default: logged to stderr, at most once per 10 s per code. */
  onError?: (err: import('./errors').ReaderError) => void;
}

export interface SubscriptionStats {
  /** Books handed to onBook. */
  books: number;
  /** Stream subscriptions: entries lost to trimming or a vanished stream (each a resync from the key). */
  gaps: number;
  /** Values or entries skipped because they could not be decoded. */
  decodeErrors: number;
  redisErrors: number;
  callbackErrors: number;
  /** Times the pub/sub connection came back after a loss (each followed by a catch-up read). */
  reconnects: number;
}

export interface Subscription {
  /** Stream subscriptions: the id of the last entry delivered per market (a copy). Empty for pub/sub ones. */
  cursors(): Cursors;
  stats(): SubscriptionStats;
  /** Stops delivering and closes the subscription's connection. */
  close(): Promise<void>;
}
