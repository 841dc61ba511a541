// Which master serves each of the 16384 hash slots, read from CLUSTER SLOTS (every Redis
// Cluster version answers it; CLUSTER SHARDS is 7.0+ only and says nothing more we need).
// Read with a short-lived ioredis client: topology reads are rare (start, MOVED, a node lost),
// so decoding their nested arrays is not worth a reply parser of our own.
import { Redis } from 'ioredis';
import type { NodeAuth } from './node-connection';

export const SLOTS = 16384;
const UNKNOWN = 0xffff;

export class SlotMap {
  /** Node index per slot, UNKNOWN when no master serves it. */
  private readonly owner = new Uint16Array(SLOTS).fill(UNKNOWN);
  private readonly addrs: string[] = [];

  /** host:port of the master serving `slot`, or undefined. */
  ownerOf(slot: number): string | undefined {
    const i = this.owner[slot]!;
    return i === UNKNOWN ? undefined : this.addrs[i];
  }

  /** One slot moved (a MOVED reply): point it at `addr` until the next full read. */
  set(slot: number, addr: string): void {
    this.owner[slot] = this.indexOf(addr);
  }

  /** Replaces the whole map; returns the slots whose master changed (failover, resharding). */
  replace(ranges: readonly SlotRange[]): Set<number> {
    const next = new Uint16Array(SLOTS).fill(UNKNOWN);
    for (const r of ranges) next.fill(this.indexOf(r.addr), r.start, r.end + 1);
    const changed = new Set<number>();
    for (let s = 0; s < SLOTS; s++) {
      if (next[s] !== this.owner[s]) { if (this.owner[s] !== UNKNOWN) changed.add(s); this.owner[s] = next[s]!; }
    }
    return changed;
  }

  /** Every master address ever seen (to find a node to ask when the ones we write to are gone). */
  known(): readonly string[] { return this.addrs; }

  private indexOf(addr: string): number {
    let i = this.addrs.indexOf(addr);
    if (i < 0) { i = this.addrs.length; this.addrs.push(addr); }
    return i;
  }
}

export interface SlotRange { start: number; end: number; addr: string }

/** CLUSTER SLOTS from the node at `addr`: the slot ranges and their masters. Throws when it is not a cluster node. */
export async function readSlots(addr: string, auth: NodeAuth, timeoutMs: number): Promise<SlotRange[]> {
  const { host, port } = splitAddr(addr);
  const r = new Redis({
    host, port, username: auth.username, password: auth.password, tls: auth.tls ? {} : undefined,
    lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: 0, retryStrategy: () => null,
    connectTimeout: timeoutMs, commandTimeout: timeoutMs, connectionName: 'orderbook-streamer-topology',
  });
  r.on('error', () => {}); // the caller tries the next node and logs once
  try {
    await r.connect();
    const reply = await r.call('CLUSTER', 'SLOTS') as unknown[];
    return parseSlots(reply, host);
  } finally {
    r.disconnect();
  }
}

/**
 * CLUSTER SLOTS → ranges. Each entry: [start, end, [ip, port, id, ...], replicas...]. An empty
 * ip means "the address you reached me at" (a node that does not know its own announced address).
 */
export function parseSlots(reply: unknown[], askedHost: string): SlotRange[] {
  const out: SlotRange[] = [];
  for (const entry of reply) {
    if (!Array.isArray(entry) || entry.length < 3) continue;
    const [start, end, master] = entry as [unknown, unknown, unknown];
    if (!Array.isArray(master) || typeof start !== 'number' || typeof end !== 'number') continue;
    const ip = String(master[0] ?? '') || askedHost;
    const port = Number(master[1]);
    if (!Number.isInteger(port) || port <= 0 || port === undefined) continue;
    out.push({ start, end, addr: `${ip}:${port}` });
  }
  return out;
}

export function splitAddr(addr: string): { host: string; port: number } {
  const i = addr.lastIndexOf(':');
  if (i <= 0) throw new Error(`not host:port: "${addr}"`);
  const port = Number(addr.slice(i + 1));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`not host:port: "${addr}" (port must be 1–65535)`);
  return { host: addr.slice(0, i).replace(/^\[(.*)\]$/, '$1'), port };
}
