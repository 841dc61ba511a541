// Browsers send Origin on WebSocket upgrades and do not apply CORS to them, so /ws checks it; a
// change (PATCH) is checked the same way. Allowed: no Origin at all (non-browser clients), this
// server's own origin, or what ALLOWED_ORIGINS adds. Origins are compared whole, scheme, host and
// port, after the URL parser's normalization (http://127.1:8080 is http://127.0.0.1:8080).
// The own origin is http:// and the request's Host (itself checked by hosts.ts): behind a TLS
// proxy, list https://<name> in ALLOWED_ORIGINS.

import { parseHost } from './hosts';

export type OriginCheck = (origin: string | undefined, host: string | undefined) => boolean;

function normalize(origin: string): string | undefined {
  try {
    const o = new URL(origin).origin;
    return o === 'null' ? undefined : o; // file:, data: and sandboxed pages: never an allowed origin
  } catch { return undefined; }
}

export function createOriginCheck(allowedOrigins: string): OriginCheck {
  const list = allowedOrigins.split(',').map((s) => s.trim()).filter(Boolean);
  const any = list.includes('*');
  const allowed = new Set(list.map(normalize).filter((o): o is string => o !== undefined));
  return (origin, host) => {
    if (origin === undefined) return true;
    if (any) return true;
    const o = normalize(origin);
    if (o === undefined) return false;
    const h = host === undefined ? undefined : parseHost(host);
    if (h && o === `http://${h.hostname}${h.port ? `:${h.port}` : ''}`) return true;
    return allowed.has(o);
  };
}
