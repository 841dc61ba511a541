// One REST request for a venue's JSON, bounded in time and size: a venue (or a proxy in front of
// it) that hangs or answers with something huge costs a clear error, never a stuck or bloated
// process. Every venue's REST goes through here. Venue-neutral; the adapters validate what the
// body means.

export const REST_TIMEOUT_MS = 10_000;
/** A market list or a 1,000-level depth snapshot is well under this. */
export const MAX_REST_BYTES = 8 * 1024 * 1024;

/** A non-2xx answer. `retryAfterMs` is the Retry-After header when the venue sent one. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | undefined,
    readonly headers: Headers,
    what: string,
  ) {
    super(`${what}: HTTP ${status}`);
    this.name = 'HttpStatusError';
  }
}

export interface GetJsonOptions {
  fetch: typeof fetch;
  /** A JSON body to POST (Hyperliquid's info endpoint); absent: a GET. */
  post?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxBytes?: number;
  /** Names the request in error messages ("binance-usdm depth BTCUSDT"). */
  what: string;
}

/** Retry-After in seconds (the form venues use) or an HTTP date, as ms from now; undefined when absent or odd. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** A body as text, at most `limit` bytes of it; `cut` when there was more (the rest is not read). */
export async function readBody(res: Response, limit: number): Promise<{ text: string; cut: boolean }> {
  if (!res.body) return { text: '', cut: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) { await reader.cancel().catch(() => {}); return { text: Buffer.concat(chunks).toString('utf8'), cut: true }; }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), cut: false };
}

/** Rejects (never hangs) on network, timeout, HTTP status, size or JSON errors, each naming `what`. */
export async function getJson(url: string, opts: GetJsonOptions): Promise<{ body: unknown; headers: Headers }> {
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? REST_TIMEOUT_MS);
  let res: Response;
  try {
    res = await opts.fetch(url, {
      signal: opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout,
      headers: { accept: 'application/json', ...(opts.post !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(opts.post !== undefined ? { method: 'POST', body: opts.post } : {}),
    });
  } catch (e) {
    throw new Error(`${opts.what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    throw new HttpStatusError(res.status, retryAfterMs(res.headers.get('retry-after')), res.headers, opts.what);
  }
  const limit = opts.maxBytes ?? MAX_REST_BYTES;
  const declared = Number(res.headers.get('content-length'));
  if (declared > limit) { await res.body?.cancel().catch(() => {}); throw new Error(`${opts.what}: ${declared} bytes, over ${limit}`); }
  const { text, cut } = await readBody(res, limit);
  if (cut) throw new Error(`${opts.what}: body over ${limit} bytes`);
  try {
    return { body: JSON.parse(text) as unknown, headers: res.headers };
  } catch {
    throw new Error(`${opts.what}: body is not JSON`);
  }
}

/** `base` + `path`, tolerating a trailing slash on the base (settings are typed by people). */
export function restEndpoint(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}
