// DNS rebinding: a page of evil.example whose name the attacker's DNS then points at 127.0.0.1
// is, to the browser, same-origin with this server; only the Host header (evil.example) tells.
// So every request must name this server: an IP address, localhost, the HOST it was bound to, or
// a name listed in ALLOWED_HOSTS. Names are compared as the WHATWG URL parser normalizes them,
// as the browser does (127.1, 0x7f.0.0.1 and 2130706433 are all 127.0.0.1).

export interface HostName {
  /** Lower case; IPv4 in dotted-quad form; IPv6 in brackets, compressed ("[::1]"). */
  hostname: string;
  /** '' for the scheme's default port. */
  port: string;
}

/** Parses a Host header or a bind address ("::1" without brackets too); undefined when it is not one. */
export function parseHost(host: string): HostName | undefined {
  let h = host.trim();
  if (h === '' || /[/?#@\\\s]/.test(h)) return undefined;
  if (!h.startsWith('[') && h.indexOf(':') !== h.lastIndexOf(':')) h = `[${h}]`; // a bare IPv6 address
  try {
    const u = new URL(`http://${h}`);
    return { hostname: u.hostname, port: u.port };
  } catch {
    return undefined;
  }
}

const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
/** ::ffff:127.x.y.z as the URL parser writes it. */
const MAPPED_LOOPBACK = /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/;

/** A normalized hostname that is an address: no DNS answer is involved, so none can be rebound. */
export function isIpLiteral(hostname: string): boolean {
  return IPV4.test(hostname) || hostname.startsWith('[');
}

/** localhost, *.localhost (browsers resolve those to loopback themselves), 127.0.0.0/8 in any spelling, ::1. */
export function isLoopback(host: string): boolean {
  const h = parseHost(host)?.hostname;
  if (h === undefined) return false;
  return h === 'localhost' || h.endsWith('.localhost') || h === '[::1]' || MAPPED_LOOPBACK.test(h)
    || (IPV4.test(h) && h.startsWith('127.'));
}

/** Whether a request's Host header names this server. */
export type HostCheck = (hostHeader: string | undefined) => boolean;

/**
 * `allowedHosts`: comma-separated names; `.example.com` allows example.com and its subdomains;
 * `*` allows any Host (turns the check off). The bind address's own name is always allowed.
 */
export function createHostCheck(bindHost: string, allowedHosts: string): HostCheck {
  const list = allowedHosts.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (list.includes('*')) return () => true;
  const names = new Set<string>();
  const domains: string[] = [];
  for (const entry of list) {
    if (entry.startsWith('.')) domains.push(entry);
    else { const h = parseHost(entry)?.hostname; if (h) names.add(h); }
  }
  const bind = parseHost(bindHost)?.hostname;
  if (bind) names.add(bind);
  return (hostHeader) => {
    // HTTP/1.1 requires Host (Node refuses a request without one); browsers always send it.
    if (hostHeader === undefined) return true;
    const h = parseHost(hostHeader)?.hostname;
    if (h === undefined) return false;
    if (isIpLiteral(h) || isLoopback(h) || names.has(h)) return true;
    return domains.some((d) => h === d.slice(1) || h.endsWith(d));
  };
}
