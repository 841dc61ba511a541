// GET /api/v5/public/instruments, rate-limited as documented: 20 requests per 2 s (IP + instType).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { KeyedRateWindow } from '../common/rate-window';
import { sendJson } from '../common/server';

export const INSTRUMENTS_PATH = '/api/v5/public/instruments';
const INST_TYPES = ['SPOT', 'MARGIN', 'SWAP', 'FUTURES', 'OPTION'];

export interface OkxRestCounters { restRequests: number; restRateLimited: number }

export function createOkxRest(deps: { swaps: () => string; counters: OkxRestCounters; perTwoSeconds: number }) {
  const rate = new KeyedRateWindow(deps.perTwoSeconds, 2_000);
  return (req: IncomingMessage, res: ServerResponse) => {
    deps.counters.restRequests++;
    const url = new URL(req.url ?? '/', 'http://sim');
    if (url.pathname !== INSTRUMENTS_PATH || req.method !== 'GET') { sendJson(res, 404, '{"code":"404","msg":"Not Found","data":[]}'); return; }
    const instType = url.searchParams.get('instType');
    if (!rate.hit(`${req.socket.remoteAddress}|${instType}`, Date.now())) {
      deps.counters.restRateLimited++;
      sendJson(res, 429, '{"code":"50011","msg":"Too Many Requests","data":[]}');
      return;
    }
    if (instType === null || instType === '') { sendJson(res, 400, '{"code":"50014","msg":"Parameter instType can not be empty.","data":[]}'); return; }
    if (!INST_TYPES.includes(instType)) { sendJson(res, 400, '{"code":"51000","msg":"Parameter instType error","data":[]}'); return; }
    sendJson(res, 200, instType === 'SWAP' ? deps.swaps() : '{"code":"0","msg":"","data":[]}');
  };
}
