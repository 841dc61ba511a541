// Which master serves each of the 16384 hash slots, read from CLUSTER SLOTS (every Redis
// Cluster version answers it; CLUSTER SHARDS is 7.0+ only and says nothing more we need).
// Read with a short-lived ioredis client: topology reads are rare (start, MOVED, a node lost),
// so decoding their nested arrays is not worth a reply parser of our own.
import { Redis, ReplyError } from 'ioredis';
import { NodeConnectionError, type NodeAuth } from './node-connection';

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

  /**
   * Replaces the whole map. Returns the slots whose master changed, and whether that looks like a
   * failover: a master lost all its slots to a node that served none (its replica, promoted), so
   * the new master may lack the old one's last writes (replication is asynchronous). Slots moved
   * between masters that keep serving (resharding) carry their keys along. (CLUSTER SLOTS is no
   * help with who was whose replica: it leaves out a replica that has not replicated anything yet.)
   */
  replace(ranges: readonly SlotRange[]): { changed: Set<number>; promoted: boolean } {
    const next = new Uint16Array(SLOTS).fill(UNKNOWN);
    for (const r of ranges) next.fill(this.indexOf(r.addr), r.start, r.end + 1);
    const servedBefore = new Set(this.owner);
    const servedNow = new Set(next);
    const changed = new Set<number>();
    let promoted = false;
    for (let s = 0; s < SLOTS; s++) {
      const was = this.owner[s]!;
      const is = next[s]!;
      if (is === was) continue;
      if (was !== UNKNOWN) {
        changed.add(s);
        promoted ||= is !== UNKNOWN && !servedBefore.has(is) && !servedNow.has(was);
      }
      this.owner[s] = is;
    }
    return { changed, promoted };
  }

  /** The slots `addr` serves as the map has it. */
  slotsOf(addr: string): Set<number> {
    const i = this.addrs.indexOf(addr);
    const out = new Set<number>();
    if (i >= 0) for (let s = 0; s < SLOTS; s++) if (this.owner[s] === i) out.add(s);
    return out;
  }

  /** The masters serving at least one slot. */
  masters(): string[] {
    const seen = new Set<number>();
    for (let s = 0; s < SLOTS; s++) if (this.owner[s] !== UNKNOWN) seen.add(this.owner[s]!);
    return [...seen].map((i) => this.addrs[i]!);
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

/**
 * CLUSTER SLOTS from the node at `addr`: the slot ranges and their masters. Throws a
 * NodeConnectionError, carrying Redis's reply when the node refused (WRONGPASS, NOPERM, not a
 * cluster node), so the sink can say why.
 */
export async function readSlots(addr: string, auth: NodeAuth, timeoutMs: number): Promise<SlotRange[]> {
  const { host, port } = splitAddr(addr);
  const r = new Redis({
    host, port, username: auth.username, password: auth.password, tls: auth.tls ? {} : undefined,
    lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: 0, retryStrategy: () => null,
    connectTimeout: timeoutMs, commandTimeout: timeoutMs, connectionName: 'orderbook-streamer-topology',
  });
  // A refused AUTH arrives here only; connect() then rejects with just "Connection is closed".
  let first: Error | undefined;
  r.on('error', (err: Error) => { first ??= err; });
  try {
    await r.connect();
    const reply = await r.call('CLUSTER', 'SLOTS') as unknown[];
    return parseSlots(reply, host);
  } catch (err) {
    const e: Error = first !== undefined && first instanceof ReplyError ? first : err as Error;
    throw new NodeConnectionError(`${addr}: ${e.message}`, e instanceof ReplyError ? e.message : undefined);
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
