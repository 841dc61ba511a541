// A venue's REST answer read as JSON: bounded in size and time, every failure an Error saying
// which (network, HTTP status, size, JSON). The body is input from outside; callers validate it.

/** A market list bigger than this is not a market list. */
export const MAX_REST_BYTES = 8 * 1024 * 1024;
export const REST_TIMEOUT_MS = 10_000;

export interface RestOptions {
  fetch: typeof fetch;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxBytes?: number;
  /** Names the request in errors ("bybit instruments"). */
  what: string;
}

/** Reads a body, refusing to hold more than `limit` bytes of it. */
async function readCapped(res: Response, limit: number, what: string): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (declared > limit) throw new Error(`${what}: ${declared} bytes, over ${limit}`);
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) { await reader.cancel().catch(() => {}); throw new Error(`${what}: over ${limit} bytes`); }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** fetch + status check + capped read + JSON.parse; rejects (never hangs) on any failure. */
export async function fetchJson(url: string, init: RequestInit, opts: RestOptions): Promise<unknown> {
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? REST_TIMEOUT_MS);
  let res: Response;
  try {
    res = await opts.fetch(url, {
      ...init,
      signal: opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout,
      headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) },
    });
  } catch (e) {
    throw new Error(`${opts.what}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    throw new Error(`${opts.what}: HTTP ${res.status}`);
  }
  const text = await readCapped(res, opts.maxBytes ?? MAX_REST_BYTES, opts.what);
  try { return JSON.parse(text); } catch { throw new Error(`${opts.what}: body is not JSON`); }
}
