// The correctness half of the throughput run: once the generator stops, every market's snapshot
// in Redis must equal the generator's true book (top `depth` levels, and the same nonce as seq).
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

export async function verifyBooks(env: Env, c: Consumer, venue = 'lighter'): Promise<BookCheck> {
  const { updates } = await env.gen.call<{ updates: number }>('pause');
  const settings = await c.child.call<{ depth: number; depthOverrides: Record<string, number> }>('settings');
  const truth = await env.gen.call<(TrueTop & { symbol: string })[]>('trueBooks', { depth: 1000 });
  const keys = truth.map((t) => `${c.prefix}:book:${venue}:${t.symbol}`);
  const read = async () => (await env.redis.mget(...keys)).map((v) => (v ? (JSON.parse(v) as Stored) : undefined));

  let stored: (Stored | undefined)[] = [];
  try {
    await waitFor(async () => {
      stored = await read();
      return stored.every((s, i) => s?.seq === truth[i]!.nonce);
    }, { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 200, message: 'every Redis snapshot to reach the last nonce' });
  } catch { /* reported below, market by market */ }

  const mismatched: string[] = [];
  let detail = '';
  truth.forEach((t, i) => {
    const depth = settings.depthOverrides[t.symbol] ?? settings.depth;
    const want = { seq: t.nonce, bids: t.bids.slice(0, depth), asks: t.asks.slice(0, depth) };
    const s = stored[i];
    const got = s ? { seq: s.seq, bids: s.bids, asks: s.asks } : undefined;
    if (JSON.stringify(got) === JSON.stringify(want)) return;
    mismatched.push(t.symbol);
    if (!detail) {
      detail = !got ? `${t.symbol}: no snapshot in Redis`
        : got.seq !== want.seq ? `${t.symbol}: seq ${got.seq}, true nonce ${want.seq}`
          : `${t.symbol}: levels differ (best bid ${got.bids[0]?.join('@')} vs ${want.bids[0]?.join('@')}, ${got.bids.length}/${got.asks.length} vs ${want.bids.length}/${want.asks.length} levels)`;
    }
  });
  return { pass: mismatched.length === 0, markets: truth.length, mismatched, detail, updatesSent: updates };
}
