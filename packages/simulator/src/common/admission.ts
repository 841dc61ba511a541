// A venue's handshake limits per IP: new connections per window, and connections open at once
// where the venue caps them. Refused handshakes get HTTP 429 (no venue here documents its
// status) and are counted.
import type { IncomingMessage } from 'node:http';
import { KeyedRateWindow } from './rate-window';
import { clientIp, type Refusal } from './server';

export interface AdmissionLimits {
  /** New connections per IP within connectionWindowMs. */
  connections: number;
  connectionWindowMs: number;
  /** Whether a refused handshake uses up the window too, as where the venue counts attempts
   * (the default: Binance, OKX); false counts the accepted ones only. */
  countRefused?: boolean;
  /** Connections open at once per IP, for a venue that caps them: the cap and an IP's open count. */
  openLimit?: { max: number; openFrom(ip: string): number };
}

export interface AdmissionCounters {
  /** Refused over the new-connection rate. */
  connectionBreaches: number;
  /** Refused at the open-connection cap (with openLimit). */
  openConnectionBreaches?: number;
}

const TOO_MANY: Refusal = { status: 429, reason: 'Too Many Requests' };

export function createAdmission(o: AdmissionLimits & { counters: AdmissionCounters }): (req: IncomingMessage) => Refusal | null {
  const window = new KeyedRateWindow(o.connections, o.connectionWindowMs);
  const countRefused = o.countRefused ?? true;
  return (req) => {
    const ip = clientIp(req);
    if (o.openLimit && o.openLimit.openFrom(ip) >= o.openLimit.max) {
      o.counters.openConnectionBreaches = (o.counters.openConnectionBreaches ?? 0) + 1;
      return TOO_MANY;
    }
    const now = Date.now();
    if (!(countRefused ? window.hit(ip, now) : window.take(ip, now))) { o.counters.connectionBreaches++; return TOO_MANY; }
    return null;
  };
}
