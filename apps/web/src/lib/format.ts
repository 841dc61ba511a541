// Number formatting for tiles, tables and chart axes: short, fixed width where it matters.

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  if (abs >= 100 || Number.isInteger(n)) return Math.round(n).toString();
  return n.toFixed(1);
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** Axis ticks: no space, fewer digits, so they fit a narrow axis. */
export function formatMsShort(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  if (ms >= 1000) return `${+(ms / 1000).toFixed(1)}s`;
  return `${+ms.toFixed(ms >= 10 ? 0 : ms >= 1 ? 1 : 2)}ms`;
}

export function formatRatioShort(r: number): string {
  return Number.isFinite(r) ? `${+r.toFixed(r >= 10 ? 0 : 1)}×` : '';
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  const mb = bytes / (1024 * 1024);
  if (mb >= 1024) return `${(mb / 1024).toFixed(2)} GB`;
  if (mb >= 10) return `${Math.round(mb)} MB`;
  return `${mb.toFixed(1)} MB`;
}

export function formatRatio(r: number): string {
  if (!Number.isFinite(r) || r <= 0) return '–';
  return r >= 100 ? `${Math.round(r)}×` : `${r.toFixed(r >= 10 ? 1 : 2)}×`;
}

export function formatPercent(p: number): string {
  return Number.isFinite(p) ? `${p.toFixed(p >= 100 ? 0 : 1)} %` : '–';
}

/** HH:MM:SS in local time, for chart axes and tooltips. */
export function formatClock(t: number): string {
  return new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** "3 s ago", "5 min ago": for ages the operator reads at a glance. */
export function formatAgo(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 0) ms = 0; // the server's and this browser's clocks may differ slightly
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${Math.floor(ms / 3_600_000)} h`;
  return `${Math.floor(ms / 86_400_000)} d`;
}
