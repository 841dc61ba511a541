// The correctness half of the throughput run: once the generator stops, every market's snapshot
// in Redis must equal the generator's true book (top `depth` levels, and the same nonce as seq).
// The venues suite checks its simulators' truth the same way (awaitBooks), levels only.
import type { Redis } from 'ioredis';
import { waitFor } from '@ob/testkit';
import type { TrueTop } from './ring';
import type { Consumer, Env } from './session';

/** Time for the streamer to drain its socket and flush the last batch after the generator stops. */
export const SETTLE_TIMEOUT_MS = 60_000;

export interface BookCheck {
  pass: boolean;
  markets: number;
  mismatched: string[];
  /** The first mismatch, spelled out. */
  detail: string;
  updatesSent: number;
}

interface Stored { seq: number; bids: [string, string][]; asks: [string, string][] }

/** The book a market's Redis key must hold, cut at its depth; seq checked when given. */
export interface Expected { symbol: string; key: string; seq?: number; bids: [string, string][]; asks: [string, string][] }

/** Waits (up to SETTLE_TIMEOUT_MS) for every key to hold its expected book; what still differs after that. */
export async function awaitBooks(redis: Redis, expected: readonly Expected[]): Promise<{ mismatched: string[]; detail: string }> {
  const read = async () => (expected.length ? await redis.mget(...expected.map((e) => e.key)) : []).map((v) => (v ? (JSON.parse(v) as Stored) : undefined));
  const same = (e: Expected, s: Stored | undefined) => s !== undefined && (e.seq === undefined || s.seq === e.seq)
    && JSON.stringify(s.bids) === JSON.stringify(e.bids) && JSON.stringify(s.asks) === JSON.stringify(e.asks);
  let stored: (Stored | undefined)[] = [];
  try {
    await waitFor(async () => {
      stored = await read();
      return expected.every((e, i) => same(e, stored[i]));
    }, { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 200, message: 'every Redis snapshot to equal its true book' });
  } catch { /* reported below, market by market */ }

  const mismatched: string[] = [];
  let detail = '';
  expected.forEach((e, i) => {
    const got = stored[i];
    if (same(e, got)) return;
    mismatched.push(e.symbol);
    if (!detail) {
      detail = !got ? `${e.symbol}: no snapshot in Redis`
        : e.seq !== undefined && got.seq !== e.seq ? `${e.symbol}: seq ${got.seq}, true nonce ${e.seq}`
          : `${e.symbol}: levels differ (best bid ${got.bids[0]?.join('@')} vs ${e.bids[0]?.join('@')}, ${got.bids.length}/${got.asks.length} vs ${e.bids.length}/${e.asks.length} levels)`;
    }
  });
  return { mismatched, detail };
}

export async function verifyBooks(env: Env, c: Consumer, venue = 'lighter'): Promise<BookCheck> {
  const { updates } = await env.gen.call<{ updates: number }>('pause');
  const settings = await c.child.call<{ depth: number; depthOverrides: Record<string, number> }>('settings');
  const truth = await env.gen.call<(TrueTop & { symbol: string })[]>('trueBooks', { depth: 1000 });
  const expected = truth.map((t) => {
    const depth = settings.depthOverrides[t.symbol] ?? settings.depth;
    return { symbol: t.symbol, key: `${c.prefix}:book:${venue}:${t.symbol}`, seq: t.nonce, bids: t.bids.slice(0, depth), asks: t.asks.slice(0, depth) };
  });
  const { mismatched, detail } = await awaitBooks(env.redis, expected);
  return { pass: mismatched.length === 0, markets: truth.length, mismatched, detail, updatesSent: updates };
}
