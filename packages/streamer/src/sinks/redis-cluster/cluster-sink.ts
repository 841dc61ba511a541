// The SnapshotSink for a Redis Cluster. A flush is split by the master owning each key's slot
// and sent as one pipeline per master, all in parallel; the PUBLISH follows once every SET is
// acked (so a subscriber told of a symbol finds its new book on whichever node holds it).
//
// Redirections and failover, without losing or reordering a market's state:
// - MOVED: the slot map is corrected and the command re-sent to the new owner, in this write.
// - ASK (a slot being migrated): re-sent once to the target with ASKING, the map left alone.
// - A node lost (killed master), TRYAGAIN, CLUSTERDOWN: the map is read again and the commands
//   re-sent after a short backoff, until the write's deadline; past it the write fails and the
//   batcher re-queues its markets, to be written from their current books by a later flush.
// - Every command carries the generation of the write that made it; a retry whose key has been
//   written by a newer write since is dropped, so an older snapshot never overwrites a newer one.
// - Replication is asynchronous: a write the old master acked may be missing on the promoted
//   replica. So the last acked value of each key is kept, and when a slot changes master it is
//   written again to the new one (unless a newer write of it is already under way).
import type { Logger, SinkRecord, SnapshotSink } from '../../types';
import { silentLog } from '../../clock';
import { connectionErrorLogger, ERROR_LOG_INTERVAL_MS, REDIS_COMMAND_TIMEOUT_MS, REDIS_CONNECT_TIMEOUT_MS } from '../../redis-limits';
import { bookKey, GZIP_SUFFIX, redactUrl, updatesChannel } from '../../redis-sink';
import { bulk, commandHead, respCommand, RespBuffer } from '../../resp/encode';
import { RedisReplyError } from '../../resp/resp-connection';
import { streamKey } from '../../stream-xadd';
import { keySlot } from './key-slot';
import { NodeConnection, NodeConnectionError, type NodeAuth } from './node-connection';
import { readSlots, SlotMap, splitAddr } from './slot-map';

/** A write (with all its redirections and retries) settles within this; the batcher's own timeout is longer. */
export const CLUSTER_WRITE_DEADLINE_MS = REDIS_COMMAND_TIMEOUT_MS;
/** Re-sends after a lost node or TRYAGAIN wait this long, doubling, capped (a failover takes about cluster-node-timeout). */
export const CLUSTER_RETRY_BASE_MS = 50;
export const CLUSTER_RETRY_MAX_MS = 400;
/** A command redirected more often than this in one write fails it (a redirect loop, a cluster being resharded in circles). */
export const MAX_REDIRECTS = 16;

const ASKING = Buffer.from(respCommand('ASKING'));

interface Cmd {
  key: string;
  slot: number;
  /** The write that made it: a retry is dropped once a newer write of the key has been issued. */
  gen: number;
  /** Everything before the value, pre-encoded per key (and per stream length for XADD). */
  head: Buffer;
  value: string | Buffer;
  /** `EX ttl` of a SET; undefined for an XADD. */
  tail: Buffer | undefined;
  /** Set by an ASK reply: send once to this node, with ASKING first. */
  askAt: string | undefined;
  redirects: number;
}

export interface ClusterSinkOptions {
  /** host:port of one or more nodes, or redis[s]://[user:pass@]host:port URLs; any reachable one is enough. */
  seeds: readonly string[];
  prefix: string;
  venue: string;
  log?: Logger;
  /** For tests: the write deadline (default CLUSTER_WRITE_DEADLINE_MS). */
  deadlineMs?: number;
}

export interface ClusterSink extends SnapshotSink {
  /** Master addresses and how many slots each serves, as last read. */
  topology(): { masters: number; slotsServed: number };
  /** Counters for tests and stats: redirections followed, failovers replayed, stale retries dropped. */
  counters(): { moved: number; ask: number; retries: number; replayed: number; superseded: number; topologyReads: number };
}

export function createRedisClusterSink(opts: ClusterSinkOptions): ClusterSink {
  const { prefix, venue } = opts;
  const log = opts.log ?? silentLog;
  const logError = connectionErrorLogger(log, ERROR_LOG_INTERVAL_MS);
  const deadlineMs = opts.deadlineMs ?? CLUSTER_WRITE_DEADLINE_MS;
  const { seeds, auth } = parseSeeds(opts.seeds);
  const slots = new SlotMap();
  const conns = new Map<string, NodeConnection>();
  const c = { moved: 0, ask: 0, retries: 0, replayed: 0, superseded: 0, topologyReads: 0 };

  // Per key: the newest write generation issued, and the last SET acked (kept for the failover replay).
  let gen = 0;
  const issued = new Map<string, number>();
  const acked = new Map<string, Cmd>();

  const setHeads = new Map<string, { key: string; slot: number; head: Buffer }>();
  const setHead = (symbol: string, compressed: boolean) => {
    const id = compressed ? symbol + GZIP_SUFFIX : symbol;
    let h = setHeads.get(id);
    if (h === undefined) {
      const key = bookKey(prefix, venue, symbol, compressed);
      h = { key, slot: keySlot(key), head: Buffer.from(commandHead(5, 'SET', key)) };
      setHeads.set(id, h);
    }
    return h;
  };
  const xaddHeads = new Map<string, { key: string; slot: number; head: Buffer }>();
  let xaddLen = 0;
  const xaddHead = (symbol: string, field: string, maxLen: number) => {
    if (maxLen !== xaddLen) { xaddHeads.clear(); xaddLen = maxLen; }
    const id = field + ' ' + symbol;
    let h = xaddHeads.get(id);
    if (h === undefined) {
      const key = streamKey(prefix, venue, symbol);
      h = { key, slot: keySlot(key), head: Buffer.from(commandHead(8, 'XADD', key, 'MAXLEN', '~', String(maxLen), '*', field)) };
      xaddHeads.set(id, h);
    }
    return h;
  };
  const channel = updatesChannel(prefix, venue);
  const channelSlot = keySlot(channel);
  const publishHead = Buffer.from(commandHead(3, 'PUBLISH', channel));
  let tail = Buffer.alloc(0);
  let tailTtl = -1;

  let closed = false;
  let lastFailed = false;
  let mapped = false;
  /** Why the last attempt failed, for the error a write gives up with. */
  let lastReason = '';

  const connFor = (addr: string): NodeConnection => {
    let conn = conns.get(addr);
    if (conn === undefined || conn.isDead) {
      const { host, port } = splitAddr(addr);
      conn = new NodeConnection(host, port, auth, 'orderbook-streamer-sink', REDIS_CONNECT_TIMEOUT_MS, REDIS_COMMAND_TIMEOUT_MS);
      conns.set(addr, conn);
    }
    return conn;
  };

  // --- topology ---
  let reading: Promise<void> | undefined;
  /** Reads CLUSTER SLOTS from the first node that answers (masters we know, then the seeds); one read at a time. */
  const refresh = (): Promise<void> => {
    reading ??= (async () => {
      // Nodes we hold a live connection to first: a dead master's address may take a whole connect timeout to fail.
      const live = [...conns.values()].filter((x) => !x.isDead).map((x) => x.address);
      const candidates = [...new Set([...live, ...slots.known(), ...seeds])];
      let lastErr: unknown;
      for (const addr of candidates) {
        if (closed) return;
        try {
          const ranges = await readSlots(addr, auth, REDIS_CONNECT_TIMEOUT_MS);
          if (ranges.length === 0) throw new Error(`${addr} serves no slots (not a cluster yet?)`);
          c.topologyReads++;
          const changed = slots.replace(ranges);
          mapped = true;
          if (changed.size > 0) replayMoved(changed);
          return;
        } catch (err) {
          lastErr = err;
        }
      }
      throw new Error(`no cluster node answered CLUSTER SLOTS (tried ${candidates.join(', ')}): ${lastErr instanceof Error ? lastErr.message : String(lastErr)}`);
    })().finally(() => { reading = undefined; });
    return reading;
  };

  /** Slots changed master: write their keys' last acked values to the new one (see the header). */
  const replayMoved = (changed: Set<number>) => {
    const again: Cmd[] = [];
    for (const cmd of acked.values()) {
      if (changed.has(cmd.slot) && issued.get(cmd.key) === cmd.gen) again.push({ ...cmd, askAt: undefined, redirects: 0 });
    }
    if (again.length === 0) return;
    c.replayed += again.length;
    log.info({ keys: again.length, slots: changed.size }, 'redis cluster: slots changed master; writing their last books again to the new one');
    void deliver(again, Date.now() + deadlineMs).then((err) => {
      if (err) log.warn({ err: err.message }, 'redis cluster: replay after a master change failed; the next write of those markets repairs them');
    });
  };

  // --- delivery ---
  /** Sends every command to its slot's master, following redirections; resolves with the first permanent error, if any. */
  async function deliver(cmds: Cmd[], deadline: number): Promise<Error | undefined> {
    let pending = cmds;
    let wait = 0;
    let failure: Error | undefined;
    while (pending.length > 0) {
      if (wait > 0) {
        if (Date.now() + wait > deadline) return failure ?? new Error(`redis cluster: ${pending.length} commands not written within ${deadlineMs} ms (${lastReason})`);
        await new Promise((r) => setTimeout(r, wait));
      }
      if (closed) return new Error('redis cluster sink closed');
      const groups = new Map<string, Cmd[]>();
      const retry: Cmd[] = [];
      let stale = false;
      let backoff = false;
      for (const cmd of pending) {
        if (issued.get(cmd.key) !== cmd.gen) { c.superseded++; continue; } // a newer write of this key is out
        const addr = cmd.askAt ?? slots.ownerOf(cmd.slot);
        if (addr === undefined) { retry.push(cmd); stale = backoff = true; continue; }
        let g = groups.get(addr);
        if (g === undefined) { g = []; groups.set(addr, g); }
        g.push(cmd);
      }
      await Promise.all([...groups].map(async ([addr, group]) => {
        const out = encode(group);
        let errors: Map<number, string> | undefined;
        try {
          errors = await connFor(addr).write(out.bytes, out.replies);
        } catch (err) {
          // Lost with the node: maybe applied, maybe not. Re-sending is safe: it is this key's newest value.
          logError(err as Error);
          lastReason = (err as Error).message;
          for (const cmd of group) retry.push(cmd);
          stale = backoff = true;
          return;
        }
        for (let i = 0; i < group.length; i++) {
          const cmd = group[i]!;
          const error = errors?.get(out.index[i]!);
          if (error === undefined) { if (cmd.tail !== undefined) acked.set(cmd.key, cmd); cmd.askAt = undefined; continue; }
          const code = error.slice(0, error.indexOf(' ') >>> 0);
          if ((code === 'MOVED' || code === 'ASK') && ++cmd.redirects <= MAX_REDIRECTS) {
            const to = error.split(' ')[2] ?? '';
            if (code === 'MOVED') { c.moved++; slots.set(cmd.slot, normalizeAddr(to, addr)); cmd.askAt = undefined; stale = true; }
            else { c.ask++; cmd.askAt = normalizeAddr(to, addr); }
            retry.push(cmd);
          } else if (code === 'TRYAGAIN' || code === 'CLUSTERDOWN' || code === 'LOADING' || code === 'MASTERDOWN' || code === 'READONLY') {
            // A slot mid-migration, a cluster electing, a node loading or demoted: the map catches up.
            lastReason = error;
            retry.push(cmd);
            stale = backoff = true;
          } else {
            failure ??= new RedisReplyError(`${error} (${cmd.key})`);
          }
        }
      }));
      if (stale) {
        try { await refresh(); } catch (err) { lastReason = (err as Error).message; backoff = true; }
      }
      if (retry.length > 0) c.retries += retry.length;
      wait = backoff ? Math.min(CLUSTER_RETRY_MAX_MS, wait > 0 ? wait * 2 : CLUSTER_RETRY_BASE_MS) : 0;
      pending = retry;
    }
    return failure;
  }

  /** One node's pipeline: ASKING before each asked command; index[i] = reply index of group[i]. */
  function encode(group: Cmd[]): { bytes: Buffer; replies: number; index: number[] } {
    let size = 64;
    for (const cmd of group) size += cmd.value.length + cmd.head.length + 64;
    const out = new RespBuffer(size);
    const index: number[] = new Array(group.length);
    let replies = 0;
    for (let i = 0; i < group.length; i++) {
      const cmd = group[i]!;
      if (cmd.askAt !== undefined) { out.raw(ASKING); replies++; }
      out.raw(cmd.head);
      if (typeof cmd.value === 'string') out.bulkString(cmd.value);
      else out.bulkBytes(cmd.value);
      if (cmd.tail !== undefined) out.raw(cmd.tail);
      index[i] = replies++;
    }
    return { bytes: out.bytes(), replies, index };
  }

  /** PUBLISH on the channel slot's master, else any node that answers (classic pub/sub reaches every node). */
  async function publish(symbols: string[]): Promise<void> {
    const out = new RespBuffer(64 + symbols.length * 12);
    out.raw(publishHead);
    out.bulkString(JSON.stringify(symbols));
    const bytes = out.bytes();
    const first = slots.ownerOf(channelSlot);
    const tried: string[] = [];
    for (const addr of [...new Set([...(first ? [first] : []), ...slots.known()])]) {
      tried.push(addr);
      try {
        const errors = await connFor(addr).write(bytes, 1);
        const e = errors?.get(0);
        if (e === undefined) return;
        lastReason = e;
      } catch (err) {
        lastReason = (err as Error).message;
      }
    }
    throw new NodeConnectionError(`redis cluster: PUBLISH ${channel} failed on ${tried.join(', ')}: ${lastReason}`);
  }

  const ready = refresh().catch((err: Error) => { logError(err); });

  return {
    url: seeds.map((s) => redactUrl(`redis://${s}`).replace(/^redis:\/\/|\/$/g, '')).join(',') + ' (cluster)',
    async write(records: readonly SinkRecord[], ttlSeconds: number) {
      if (records.length === 0) return;
      await ready;
      if (ttlSeconds !== tailTtl) { tail = Buffer.from(bulk('EX') + bulk(String(ttlSeconds))); tailTtl = ttlSeconds; }
      const g = ++gen;
      const cmds: Cmd[] = [];
      const symbols: string[] = new Array(records.length);
      for (let i = 0; i < records.length; i++) {
        const r = records[i]!;
        symbols[i] = r.symbol;
        const h = setHead(r.symbol, r.compressed);
        issued.set(h.key, g);
        cmds.push({ key: h.key, slot: h.slot, gen: g, head: h.head, value: r.value, tail, askAt: undefined, redirects: 0 });
        if (r.stream !== undefined) {
          const x = xaddHead(r.symbol, r.stream.field, r.stream.maxLen);
          issued.set(x.key, g);
          cmds.push({ key: x.key, slot: x.slot, gen: g, head: x.head, value: r.stream.value, tail: undefined, askAt: undefined, redirects: 0 });
        }
      }
      try {
        if (!mapped) await refresh();
        const err = await deliver(cmds, Date.now() + deadlineMs);
        if (err) throw err;
        await publish(symbols);
        lastFailed = false;
      } catch (err) {
        lastFailed = true;
        throw err;
      }
    },
    status: () => (!mapped || lastFailed ? 'down' : 'writable'),
    async close() {
      closed = true;
      for (const conn of conns.values()) conn.close();
      conns.clear();
    },
    topology() {
      const owners = new Map<string, number>();
      let served = 0;
      for (let s = 0; s < 16384; s++) {
        const a = slots.ownerOf(s);
        if (a !== undefined) { served++; owners.set(a, (owners.get(a) ?? 0) + 1); }
      }
      return { masters: owners.size, slotsServed: served };
    },
    counters: () => ({ ...c }),
  };
}

/** A MOVED/ASK target; an empty host (`:6380`) means the node that answered. */
function normalizeAddr(to: string, from: string): string {
  return to.startsWith(':') ? splitAddr(from).host + to : to;
}

/** Seeds as host:port, with the credentials and TLS of the first URL-style seed. */
export function parseSeeds(list: readonly string[]): { seeds: string[]; auth: NodeAuth } {
  const seeds: string[] = [];
  let auth: NodeAuth = { tls: false };
  for (const raw of list) {
    const s = raw.trim();
    if (s === '') continue;
    if (/^rediss?:\/\//.test(s)) {
      const u = new URL(s);
      if (u.pathname.replace(/^\//, '') !== '' && u.pathname !== '/0') throw new Error(`a Redis Cluster has only db 0: "${redactUrl(s)}"`);
      if (seeds.length === 0) {
        auth = {
          tls: u.protocol === 'rediss:',
          username: u.username ? decodeURIComponent(u.username) : undefined,
          password: u.password ? decodeURIComponent(u.password) : undefined,
        };
      }
      seeds.push(`${u.hostname.replace(/^\[(.*)\]$/, '$1')}:${u.port || 6379}`);
    } else {
      const { host, port } = splitAddr(s);
      seeds.push(`${host}:${port}`);
    }
  }
  if (seeds.length === 0) throw new Error('REDIS_CLUSTER needs at least one node: host:port[,host:port...]');
  return { seeds, auth };
}
