// Stream subscriptions: every change-stream entry after each market's cursor, in order. A
// market without a cursor starts from its latest key, read in one MULTI with the stream's newest
// id (Databento-style: snapshot, then the changes after it). Before entries are trusted after a
// resume, a reconnect, or a read that came back full (the reader may have fallen behind), the
// same MULTI as the read asks whether the cursor's own entry is still there (continuity.ts); if
// not, the market is synced from the key again and the gap counted.
import type { Redis } from 'ioredis';
import { gapAfter, parseStreamInfo, type StreamInfo } from './continuity';
import { decodeEntry } from './entries';
import { splitMarketId } from './keys';
import { pickBook, type MarketReader, type ReadContext } from './latest';
import type { ReaderError } from './errors';
import type { Cursors, ResyncReason } from './types';

/**
 * Entries per stream per read. A stream trimmed past the cursor still holds at least
 * streamMaxLen (>= 100) entries after it, so such a read always comes back full.
 */
export const READ_COUNT = 100;
/** Markets per MULTI. */
export const FOLLOW_BATCH = 100;

interface Market {
  venue: string;
  symbol: string;
  stream: string;
  /** After this entry; '0-0': synced from the key while the stream did not exist; null: to sync. */
  cursor: string | null;
  /** Continuity to be checked (XINFO) with the next read. */
  check: boolean;
  /** Why the next sync happens. */
  reason: ResyncReason;
  /** The write the sync delivered from the key: its entry, if it comes first, is not delivered again. */
  skip: { writtenTs: number; seq: number } | undefined;
}

type MultiResult = [Error | null, unknown][] | null;

export function createStreamReader(ctx: ReadContext & { onGap(): void }, from: Cursors): MarketReader & { checkAll(): void } {
  const markets = new Map<string, Market>();
  const marketOf = (id: string): Market => {
    let m = markets.get(id);
    if (!m) {
      const { venue, symbol } = splitMarketId(id);
      m = { venue, symbol, stream: ctx.keys.stream(venue, symbol), cursor: null, check: false, reason: 'start', skip: undefined };
      markets.set(id, m);
    }
    return m;
  };
  for (const [id, cursor] of Object.entries(from)) Object.assign(marketOf(id), { cursor, check: true });

  async function exec(build: (multi: ReturnType<Redis['multi']>) => void): Promise<[Error | null, unknown][]> {
    const multi = ctx.redis.multi();
    build(multi);
    const r = (await multi.exec()) as MultiResult;
    if (!r) throw new Error('MULTI was aborted');
    return r;
  }

  async function sync(ids: readonly string[]): Promise<void> {
    const list = ids.map(marketOf);
    const r = await exec((multi) => {
      for (const m of list) {
        multi.getBuffer(ctx.keys.book(m.venue, m.symbol));
        multi.getBuffer(ctx.keys.bookGz(m.venue, m.symbol));
        multi.xrevrangeBuffer(m.stream, '+', '-', 'COUNT', 1);
      }
    });
    for (let i = 0; i < list.length; i++) {
      const m = list[i]!;
      const [plain, gz, last] = [r[3 * i]!, r[3 * i + 1]!, r[3 * i + 2]!];
      for (const [err] of [plain, gz, last]) if (err) throw err;
      const book = pickBook(ctx, ctx.keys.book(m.venue, m.symbol), plain[1] as Buffer | null, ctx.keys.bookGz(m.venue, m.symbol), gz[1] as Buffer | null);
      const newest = (last[1] as [Buffer, Buffer[]][])[0];
      m.cursor = newest ? newest[0].toString('latin1') : '0-0';
      m.check = false;
      m.skip = book && { writtenTs: book.writtenTs, seq: book.seq };
      if (book) {
        await ctx.deliver(book, { venue: m.venue, symbol: m.symbol, source: 'key', id: newest ? m.cursor : null, depth: 'full', resync: m.reason });
      } else if (newest) {
        // No key (expired: a quiet market, or the streamer stopped): the newest entry is the latest book there is.
        let entry;
        try { entry = decodeEntry(newest[1], `${m.stream} ${m.cursor}`); } catch (err) { ctx.badValue(err as ReaderError); continue; }
        await ctx.deliver(entry.book, { venue: m.venue, symbol: m.symbol, source: 'stream', id: m.cursor, depth: entry.depth, resync: m.reason });
      }
    }
  }

  /** Reads entries after each cursor; answers the markets to read again. */
  async function follow(ids: readonly string[]): Promise<string[]> {
    const list = ids.map(marketOf);
    const checked = list.filter((m) => m.check);
    const r = await exec((multi) => {
      for (const m of checked) multi.xinfo('STREAM', m.stream).xrange(m.stream, m.cursor!, m.cursor!);
      multi.xreadBuffer('COUNT', READ_COUNT, 'STREAMS', ...list.map((m) => m.stream), ...list.map((m) => m.cursor!));
    });
    const gaps = new Map<Market, ResyncReason | null>();
    checked.forEach((m, i) => {
      const [err, reply] = r[2 * i]!;
      const [rangeErr, range] = r[2 * i + 1]!;
      if ((err && !/no such key/i.test(err.message)) || rangeErr) throw err ?? rangeErr;
      const info: StreamInfo | null = err ? null : parseStreamInfo(reply);
      gaps.set(m, gapAfter(info, m.cursor!, (range as unknown[]).length > 0));
    });
    const [readErr, read] = r[2 * checked.length]!;
    if (readErr) throw readErr;
    const byStream = new Map<string, [Buffer, Buffer[]][]>();
    for (const [key, entries] of (read as [Buffer, [Buffer, Buffer[]][]][] | null) ?? []) byStream.set(key.toString(), entries);

    const again: string[] = [];
    for (const m of list) {
      const id = `${m.venue}:${m.symbol}`;
      if (gaps.has(m)) {
        const gap = gaps.get(m);
        if (gap) { ctx.onGap(); m.cursor = null; m.reason = gap; again.push(id); continue; }
      }
      const entries = byStream.get(m.stream) ?? [];
      const full = entries.length >= READ_COUNT;
      // Read without a check, a full read may already be past a gap: check, then read it again.
      if (full && !gaps.has(m)) { m.check = true; again.push(id); continue; }
      for (const [rawId, fields] of entries) {
        const entryId = rawId.toString('latin1');
        const skip = m.skip;
        m.skip = undefined;
        m.cursor = entryId;
        let decoded;
        try { decoded = decodeEntry(fields, `${m.stream} ${entryId}`); } catch (err) { ctx.badValue(err as ReaderError); continue; }
        const { book, depth } = decoded;
        if (skip && (book.writtenTs < skip.writtenTs || (book.writtenTs === skip.writtenTs && book.seq <= skip.seq))) continue;
        await ctx.deliver(book, { venue: m.venue, symbol: m.symbol, source: 'stream', id: entryId, depth, resync: null });
      }
      m.check = full;
      if (full) again.push(id);
    }
    return again;
  }

  return {
    async read(ids) {
      const again: string[] = [];
      for (let i = 0; i < ids.length; i += FOLLOW_BATCH) {
        const part = ids.slice(i, i + FOLLOW_BATCH);
        const toSync = part.filter((id) => marketOf(id).cursor === null);
        if (toSync.length) await sync(toSync);
        again.push(...await follow(part));
      }
      return again;
    },
    /** After a reconnect: anything may have happened to the streams meanwhile. */
    checkAll() { for (const m of markets.values()) if (m.cursor !== null) m.check = true; },
    cursors() {
      const out: Cursors = {};
      for (const [id, m] of markets) if (m.cursor !== null && m.cursor !== '0-0') out[id] = m.cursor;
      return out;
    },
  };
}
