// The venue's REST side: GET /fapi/v1/exchangeInfo (weight 1) and GET /fapi/v1/depth (weight by
// limit), with the IP's request weight counted per fixed window (the docs: intervals start
// every minute). Over the limit: 429 with Retry-After. "Failing to back off after receiving
// 429s" bans the IP (418, doubling for repeat offenders: the docs' 2 minutes to 3 days); the docs
// give no count, so more than `banAfter` requests before the Retry-After has passed is the rule
// here (a few already in flight when the 429 left are forgiven).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../common/server';
import type { BinanceMarket } from './market';

export const EXCHANGE_INFO_PATH = '/fapi/v1/exchangeInfo';
export const DEPTH_PATH = '/fapi/v1/depth';
/** Weight of GET /fapi/v1/depth by limit (the docs' table); 500 is the default limit. */
export const DEPTH_WEIGHTS: Readonly<Record<number, number>> = { 5: 2, 10: 2, 20: 2, 50: 2, 100: 5, 500: 10, 1000: 20 };
export const DEFAULT_DEPTH_LIMIT = 500;
export const MAX_BAN_MS = 3 * 24 * 60 * 60 * 1000;

export interface BinanceRestCounters {
  restRequests: number;
  depthRequests: number;
  /** Weight accepted, all windows together. */
  weightUsed: number;
  /** 429 answers (weight over the limit). */
  rateLimited: number;
  /** 418 answers (banned for not backing off). */
  banned: number;
  /** Depth answers built from a captured, older book (the stale-snapshot fault). */
  staleSnapshots: number;
}

export interface BinanceRestConfig {
  weightLimit: number;
  weightWindowMs: number;
  banMs: number;
  /** Requests tolerated between a 429 and its Retry-After before the ban. */
  banAfter: number;
  /** Depth answers wait this long (built at request time: the client buffers meanwhile). */
  snapshotDelayMs: number;
}

interface IpState { windowStart: number; used: number; retryAt: number; early: number; bannedUntil: number; offenses: number }

export interface BinanceRest {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Weight used by an IP in the current window. */
  usedWeight(ip?: string): number;
  stop(): void;
}

export function createBinanceRest(deps: {
  markets: ReadonlyMap<string, BinanceMarket>;
  exchangeInfo: () => string;
  config: BinanceRestConfig;
  counters: BinanceRestCounters;
}): BinanceRest {
  const { config, counters } = deps;
  const ips = new Map<string, IpState>();
  const delayed = new Set<NodeJS.Timeout>();

  const stateOf = (ip: string, now: number): IpState => {
    const windowStart = now - (now % config.weightWindowMs);
    let st = ips.get(ip);
    if (!st) { st = { windowStart, used: 0, retryAt: 0, early: 0, bannedUntil: 0, offenses: 0 }; ips.set(ip, st); }
    if (st.windowStart !== windowStart) { st.windowStart = windowStart; st.used = 0; }
    return st;
  };
  const seconds = (ms: number) => String(Math.max(1, Math.ceil(ms / 1000)));

  return {
    handle(req, res) {
      counters.restRequests++;
      const now = Date.now();
      const ip = req.socket.remoteAddress ?? '?';
      const url = new URL(req.url ?? '/', 'http://sim');
      const st = stateOf(ip, now);
      if (now < st.bannedUntil) {
        counters.banned++;
        sendJson(res, 418, `{"code":-1003,"msg":"Way too many requests; IP banned until ${st.bannedUntil}."}`, { 'retry-after': seconds(st.bannedUntil - now) });
        return;
      }
      if (req.method !== 'GET') { sendJson(res, 405, '{"code":-1000,"msg":"Method not allowed."}'); return; }
      let weight: number;
      let market: BinanceMarket | undefined;
      let limit = DEFAULT_DEPTH_LIMIT;
      if (url.pathname === EXCHANGE_INFO_PATH) weight = 1;
      else if (url.pathname === DEPTH_PATH) {
        counters.depthRequests++;
        const l = url.searchParams.get('limit');
        limit = l === null ? DEFAULT_DEPTH_LIMIT : Number(l);
        market = deps.markets.get(url.searchParams.get('symbol') ?? '');
        if (DEPTH_WEIGHTS[limit] === undefined) { sendJson(res, 400, `{"code":-1130,"msg":"Data sent for parameter 'limit' is not valid."}`); return; }
        if (!market) { sendJson(res, 400, '{"code":-1121,"msg":"Invalid symbol."}'); return; }
        weight = DEPTH_WEIGHTS[limit]!;
      } else { sendJson(res, 404, '{"code":-1000,"msg":"Not found."}'); return; }

      const early = now < st.retryAt;
      if (early && ++st.early > config.banAfter) {
        st.early = 0;
        st.offenses++;
        st.bannedUntil = now + Math.min(MAX_BAN_MS, config.banMs * 2 ** (st.offenses - 1));
        counters.banned++;
        sendJson(res, 418, `{"code":-1003,"msg":"Way too many requests; IP banned until ${st.bannedUntil}."}`, { 'retry-after': seconds(st.bannedUntil - now) });
        return;
      }
      if (st.used + weight > config.weightLimit || early) {
        if (!early) st.early = 0;
        st.retryAt = st.windowStart + config.weightWindowMs;
        counters.rateLimited++;
        sendJson(res, 429, `{"code":-1003,"msg":"Too many requests; current limit of IP(${ip}) is ${config.weightLimit} requests per minute."}`,
          { 'retry-after': seconds(st.retryAt - now), 'x-mbx-used-weight-1m': String(st.used) });
        return;
      }
      st.used += weight;
      counters.weightUsed += weight;
      const headers = { 'x-mbx-used-weight-1m': String(st.used) };
      if (!market) { sendJson(res, 200, deps.exchangeInfo(), headers); return; }
      const stale = market.captured !== undefined;
      const body = market.depth(limit, now);
      if (stale) counters.staleSnapshots++;
      if (config.snapshotDelayMs <= 0) { sendJson(res, 200, body, headers); return; }
      const t = setTimeout(() => { delayed.delete(t); if (!res.destroyed) sendJson(res, 200, body, headers); }, config.snapshotDelayMs);
      delayed.add(t);
    },
    usedWeight(ip = '127.0.0.1') {
      const st = ips.get(ip);
      return st ? stateOf(ip, Date.now()).used : 0;
    },
    stop() { for (const t of delayed) clearTimeout(t); delayed.clear(); },
  };
}
