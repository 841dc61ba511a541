// Browsers send Origin on WebSocket upgrades and do not apply CORS to them, so /ws checks it:
// same origin, or no Origin at all (non-browser clients), plus what ALLOWED_ORIGINS adds.

export type OriginCheck = (origin: string | undefined, host: string | undefined) => boolean;

function normalize(origin: string): string | undefined {
  try { return new URL(origin).origin.toLowerCase(); } catch { return undefined; }
}

export function createOriginCheck(allowedOrigins: string): OriginCheck {
  const list = allowedOrigins.split(',').map((s) => s.trim()).filter(Boolean);
  const any = list.includes('*');
  const allowed = new Set(list.map(normalize).filter((o): o is string => o !== undefined));
  return (origin, host) => {
    if (origin === undefined) return true;
    if (any) return true;
    let url: URL;
    try { url = new URL(origin); } catch { return false; }
    if (host !== undefined && url.host.toLowerCase() === host.toLowerCase()) return true;
    return allowed.has(url.origin.toLowerCase());
  };
}
