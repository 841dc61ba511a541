// Prices stay the exchange's strings; derived figures (spread, mid) use as many decimals as they do.

export function decimalsOf(s: string | null | undefined): number {
  if (!s) return 0;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** `n` with the decimals of the most precise of `like`, at most 10. */
export function formatLike(n: number | null, ...like: Array<string | null | undefined>): string {
  if (n === null || !Number.isFinite(n)) return '–';
  const d = Math.min(10, Math.max(0, ...like.map(decimalsOf)));
  return n.toFixed(d);
}

/** Sizes can be long; keep them readable in a narrow ladder column. */
export function formatSize(s: string): string {
  const n = Number(s);
  if (!Number.isFinite(n)) return s;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return s;
}
