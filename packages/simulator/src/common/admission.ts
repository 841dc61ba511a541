// A venue's handshake limits per IP: connections open at once and new connections per window.
// Refused handshakes get HTTP 429 (no venue here documents its status) and are counted.
import type { IncomingMessage } from 'node:http';
import { clientIp } from './server';
import { KeyedRateWindow } from './rate-window';

export interface AdmissionCounters { connections: number; openConnectionBreaches: number; connectionRateBreaches: number }

export function createAdmission(opts: {
  maxOpen: number; perWindow: number; windowMs: number; openFrom: (ip: string) => number; counters: AdmissionCounters;
}) {
  const budget = new KeyedRateWindow(opts.perWindow, opts.windowMs);
  const refuse = { status: 429, reason: 'Too Many Requests' };
  return (req: IncomingMessage) => {
    const ip = clientIp(req);
    if (opts.openFrom(ip) >= opts.maxOpen) { opts.counters.openConnectionBreaches++; return refuse; }
    if (!budget.take(ip, Date.now())) { opts.counters.connectionRateBreaches++; return refuse; }
    opts.counters.connections++;
    return null;
  };
}
