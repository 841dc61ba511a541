// One REST GET of a venue's JSON, bounded in time and size: a venue (or a proxy in front of it)
// that hangs or answers with something huge costs a clear error, never a stuck or bloated
// process. Venue-neutral; the adapters validate what the body means.

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
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new Error(`${what}: body over ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Rejects (never hangs) on network, timeout, HTTP status, size or JSON errors. */
export async function getJson(url: string, opts: GetJsonOptions): Promise<{ body: unknown; headers: Headers }> {
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? REST_TIMEOUT_MS);
  const res = await opts.fetch(url, {
    signal: opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout,
    headers: { accept: 'application/json' },
  });
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    throw new HttpStatusError(res.status, retryAfterMs(res.headers.get('retry-after')), res.headers, opts.what);
  }
  const text = await readCapped(res, opts.maxBytes ?? MAX_REST_BYTES, opts.what);
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
