// The REST depth snapshot (GET /fapi/v1/depth?symbol=X&limit=1000, weight 20) behind the weight
// budget. A 429 or 418 pauses the whole budget for Retry-After (every symbol waits, not only
// this one: the limit is the IP's), and X-MBX-USED-WEIGHT-1M near the cap pauses it until the
// next minute, so weight used by other processes on the IP is respected too.
import { systemClock, type Clock, type MarketInfo } from '@ob/core';
import { getJson, HttpStatusError, restEndpoint } from '../shared/get-json';
import {
  DEFAULT_RETRY_AFTER_MS, DEPTH_PATH, REST_WEIGHT_PER_MINUTE, SNAPSHOT_LIMIT, SNAPSHOT_WEIGHT, USED_WEIGHT_HIGH_WATER,
} from './limits';
import { parseDepthSnapshot, type BinanceDepthEvent } from './parse';
import type { RestWeightBudget } from './weight-budget';

export const USED_WEIGHT_HEADER = 'x-mbx-used-weight-1m';
/** After a high-water pause, wait this much past the minute boundary (our clock and theirs differ). */
const MINUTE_MARGIN_MS = 1_000;

export interface SnapshotOptions {
  restUrl: string;
  fetch: typeof fetch;
  budget: RestWeightBudget;
  signal?: AbortSignal;
  timeoutMs?: number;
  clock?: Clock;
}

/** Pauses the budget when the venue reports the IP close to its per-minute weight. */
export function observeUsedWeight(headers: Headers, budget: RestWeightBudget, clock: Clock = systemClock): void {
  const used = Number(headers.get(USED_WEIGHT_HEADER));
  if (!Number.isFinite(used) || used < REST_WEIGHT_PER_MINUTE * USED_WEIGHT_HIGH_WATER) return;
  const now = clock.now();
  budget.pause(60_000 - (now % 60_000) + MINUTE_MARGIN_MS);
}

/**
 * Rejects with HttpStatusError (429/418 after pausing the budget, or any other status), a
 * BudgetClosedError when aborted, or an Error naming what is wrong with the body.
 */
export async function fetchDepthSnapshot(market: MarketInfo, opts: SnapshotOptions): Promise<BinanceDepthEvent> {
  const clock = opts.clock ?? systemClock;
  const release = await opts.budget.acquire(SNAPSHOT_WEIGHT, opts.signal);
  const url = restEndpoint(opts.restUrl, `${DEPTH_PATH}?symbol=${encodeURIComponent(market.symbol)}&limit=${SNAPSHOT_LIMIT}`);
  const what = `binance-usdm depth ${market.symbol}`;
  let res;
  try {
    res = await getJson(url, { fetch: opts.fetch, signal: opts.signal, timeoutMs: opts.timeoutMs, what });
  } catch (err) {
    if (err instanceof HttpStatusError) {
      if (err.status === 429 || err.status === 418) opts.budget.pause(err.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
      else observeUsedWeight(err.headers, opts.budget, clock);
    }
    throw err;
  } finally {
    release();
  }
  observeUsedWeight(res.headers, opts.budget, clock);
  const ev = parseDepthSnapshot(res.body, market.id, clock.now());
  if (typeof ev === 'string') throw new Error(`${what}: ${ev}`);
  return ev;
}
