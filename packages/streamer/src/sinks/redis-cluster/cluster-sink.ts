// The SnapshotSink for a Redis Cluster. A flush is split by the master owning each key's slot
// and sent as one pipeline per master, all in parallel; the PUBLISH follows once every SET has
// been answered and names only the symbols whose SET landed (so a subscriber told of a symbol
// finds its new book on whichever node holds it). As with one Redis, a flush of which some SETs
// are refused (one master at maxmemory, say) rejects with a SinkWriteError naming those, so only
// they stay pending; the keeper's EXPIREs go out the same way (refresh()).
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
//   replica, and a master that restarted (another run_id) may have come back empty. So the last
//   acked value of each key is kept, and written again, with what is left of its TTL, to a slot's
//   new master or to a restarted one (unless a newer write of it is already under way).
// - After a failover or a restart onServer listeners hear `changed`: the streamer then rewrites
//   every valid book and the server re-persists {prefix}:config, which may have been on the
//   master that lost writes. A slot moved between live masters (resharding) carries its keys, so
//   it is replayed but not announced.
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogLimiter } from '@ob/core';
import type { SinkProblem } from '@ob/protocol';
import type { Clock, Logger, SinkKey, SinkRecord, SnapshotSink } from '../../types';
import { silentLog, systemClock } from '../../clock';
import { connectionErrorLogger, ERROR_LOG_INTERVAL_MS, reconnectDelayMs, REDIS_COMMAND_TIMEOUT_MS, REDIS_CONNECT_TIMEOUT_MS } from '../../redis-limits';
import { redactUrl, updatesChannel } from '../../redis-sink';
import { commandHead, RespBuffer } from '../../resp/encode';
import type { ReplyValue } from '../../resp/reply-reader';
import { RedisReplyError } from '../../resp/resp-connection';
import { SinkWriteError } from '../../sink-error';
import { sinkProblem } from '../../sink-problem';
import { createHeads, encodeGroup, expiryTail, newCmd, resend, type Cmd } from './commands';
import { keySlot } from './key-slot';
import { NodeConnection, NodeConnectionError, type NodeAuth, type NodeReplies } from './node-connection';
import { createSinkHealth, type FailReason } from '../../sink-health';
import { readSlots, SlotMap, splitAddr } from './slot-map';

/** A write (with all its redirections and retries) settles within this; the batcher's own timeout is longer. */
export const CLUSTER_WRITE_DEADLINE_MS = REDIS_COMMAND_TIMEOUT_MS;
/** Re-sends after a lost node or TRYAGAIN wait this long, doubling, capped (a failover takes about cluster-node-timeout). */
export const CLUSTER_RETRY_BASE_MS = 50;
export const CLUSTER_RETRY_MAX_MS = 400;
/** A command redirected more often than this in one write fails it (a redirect loop, a cluster being resharded in circles). */
export const MAX_REDIRECTS = 16;

const SUPERSEDED = 'superseded by a newer write of the key';

export interface ClusterSinkOptions {
  /** host:port of one or more nodes, or redis[s]://[user:pass@]host:port URLs; any reachable one is enough. */
  seeds: readonly string[];
  prefix: string;
  venue: string;
  log?: Logger;
  /** For the problem's `since` and the log's rate limits. */
  clock?: Clock;
  /** For tests: the write deadline (default CLUSTER_WRITE_DEADLINE_MS). */
  deadlineMs?: number;
}

export interface ClusterSink extends SnapshotSink {
  refresh(keys: readonly SinkKey[], ttlSeconds: number): Promise<boolean[]>;
  onServer(listener: (changed: boolean) => void): void;
  problem(): SinkProblem | undefined;
  /** Master addresses and how many slots each serves, as last read. */
  topology(): { masters: number; slotsServed: number };
  /** Counters for tests and stats: redirections followed, failovers and restarts seen, keys replayed, stale retries dropped. */
  counters(): { moved: number; ask: number; retries: number; replayed: number; superseded: number; topologyReads: number; failovers: number; restarts: number };
}

export function createRedisClusterSink(opts: ClusterSinkOptions): ClusterSink {
  const { prefix, venue } = opts;
  const log = opts.log ?? silentLog;
  const clock = opts.clock ?? systemClock;
  const logError = connectionErrorLogger(log, ERROR_LOG_INTERVAL_MS);
  const limited = createLogLimiter(log, clock);
  const deadlineMs = opts.deadlineMs ?? CLUSTER_WRITE_DEADLINE_MS;
  const { seeds, auth } = parseSeeds(opts.seeds);
  const url = seeds.map((s) => redactUrl(`redis://${s}`).replace(/^redis:\/\/|\/$/g, '')).join(',') + ' (cluster)';
  const slots = new SlotMap();
  const conns = new Map<string, NodeConnection>();
  const c = { moved: 0, ask: 0, retries: 0, replayed: 0, superseded: 0, topologyReads: 0, failovers: 0, restarts: 0 };
  const heads = createHeads(prefix, venue);
  const health = createSinkHealth(clock, (p) => {
    // Not answering is logged by the connection error logger already (rate-limited there).
    if (p.code !== 'unreachable') limited('error', `redis:${p.code}`, { redis: url, code: p.code, err: p.message, fix: p.fix }, `${p.summary}: ${p.message}. Fix: ${p.fix}`);
  });
  const serverListeners: ((changed: boolean) => void)[] = [];
  const tellServer = (changed: boolean) => { for (const l of serverListeners) l(changed); };

  // Per key: the newest write generation issued; per book key, the last SET acked and until when
  // Redis keeps it (ms; the keeper's EXPIRE moves that on): kept for the replay.
  let gen = 0;
  const issued = new Map<string, number>();
  const acked = new Map<string, { cmd: Cmd; until: number }>();
  /** Per node address, the run_id it answered with at its last handshake. */
  const runIds = new Map<string, string | undefined>();

  const channel = updatesChannel(prefix, venue);
  const channelSlot = keySlot(channel);
  const publishHead = Buffer.from(commandHead(3, 'PUBLISH', channel));
  let tail = Buffer.alloc(0);
  let tailTtl = -1;

  let closed = false;
  let mapped = false;

  const connFor = (addr: string): NodeConnection => {
    let conn = conns.get(addr);
    if (conn === undefined || conn.isDead) {
      const { host, port } = splitAddr(addr);
      const fresh = new NodeConnection({
        host, port, auth, name: 'orderbook-streamer-sink', connectTimeoutMs: REDIS_CONNECT_TIMEOUT_MS, commandTimeoutMs: REDIS_COMMAND_TIMEOUT_MS,
        onLost: (err) => { logError(err); heal(); },
      });
      fresh.whenReady().then(() => identify(addr, fresh.runId), () => {});
      conns.set(addr, fresh);
      conn = fresh;
    }
    return conn;
  };

  /** A node's handshake told its run_id: another one than before means it restarted, perhaps empty. */
  const identify = (addr: string, runId: string | undefined) => {
    const seen = runIds.has(addr);
    const before = runIds.get(addr);
    runIds.set(addr, runId);
    if (!seen) return;
    // Unknown identity (INFO refused): every reconnection may be another server, as with one Redis.
    const restarted = runId === undefined || runId !== before;
    if (restarted) {
      c.restarts++;
      log.warn({ node: addr }, `redis cluster: ${addr} is another server than before (restarted): writing its keys' last books to it again`);
      replay(slots.slotsOf(addr));
    }
    tellServer(restarted);
  };

  // --- topology ---
  let reading: Promise<void> | undefined;
  /** Reads CLUSTER SLOTS from the first node that answers (nodes we are connected to, masters we know, then the seeds); one read at a time. */
  const readTopology = (): Promise<void> => {
    reading ??= (async () => {
      // Nodes we hold a live connection to first: a dead master's address may take a whole connect timeout to fail.
      const live = [...conns.values()].filter((x) => !x.isDead).map((x) => x.address);
      const candidates = [...new Set([...live, ...slots.known(), ...seeds])];
      const errors: NodeConnectionError[] = [];
      for (const addr of candidates) {
        if (closed) return;
        try {
          const ranges = await readSlots(addr, auth, REDIS_CONNECT_TIMEOUT_MS);
          if (ranges.length === 0) throw new NodeConnectionError(`${addr} serves no slots (not a cluster yet?)`);
          c.topologyReads++;
          const { changed, promoted } = slots.replace(ranges);
          mapped = true;
          if (changed.size > 0) replay(changed);
          if (promoted) {
            c.failovers++;
            log.warn({ slots: changed.size }, 'redis cluster: a replica was promoted (failover); the new master may lack the last writes');
            tellServer(true);
          }
          return;
        } catch (err) {
          errors.push(err instanceof NodeConnectionError ? err : new NodeConnectionError(String(err)));
        }
      }
      // A refusal (a wrong password) says more than a node that did not answer.
      const telling = errors.find((e) => e.reply !== undefined) ?? errors[errors.length - 1];
      throw new NodeConnectionError(`no cluster node answered CLUSTER SLOTS (tried ${candidates.join(', ')}): ${telling?.message ?? 'no node to ask'}`, telling?.reply);
    })().finally(() => { reading = undefined; });
    return reading;
  };

  /** Writes the last acked value of each key in `changed` slots again, with what is left of its TTL (see the header). */
  const replay = (changed: Set<number>) => {
    if (changed.size === 0) return;
    const now = Date.now();
    const again: Cmd[] = [];
    for (const [key, a] of acked) {
      const left = a.until - now;
      if (changed.has(a.cmd.slot) && issued.get(key) === a.cmd.gen && left > 0) again.push(resend(a.cmd, expiryTail('PX', left), left));
    }
    if (again.length === 0) return;
    c.replayed += again.length;
    log.info({ keys: again.length, slots: changed.size }, 'redis cluster: writing the last books of slots whose master changed or restarted again');
    void deliver(again, now + deadlineMs).then(() => {
      const lost = again.find((x) => x.error !== undefined && x.error !== SUPERSEDED);
      if (lost) log.warn({ err: lost.error }, 'redis cluster: writing the last books again failed; the next write of those markets repairs them');
    });
  };

  let healing: Promise<void> | undefined;
  let healAgain = false;
  /**
   * Reads the map again and dials every master, with the single sink's capped backoff, until
   * every master serving slots is connected; started at start and whenever a node connection is
   * lost. So a restarted node or a failover is seen even while no market changes, and the status
   * says whether the cluster answers, as the single sink's redialling connection does.
   */
  const heal = (readFirst = true): void => {
    if (closed) return;
    if (healing !== undefined) { healAgain = true; return; }
    healAgain = false;
    healing = (async () => {
      for (let attempt = 0; !closed; attempt++) {
        if (attempt > 0) await sleep(reconnectDelayMs(attempt), undefined, { ref: false });
        if (closed) return;
        try {
          if (readFirst || attempt > 0 || !mapped) await readTopology();
          await Promise.all(slots.masters().map((a) => connFor(a).whenReady()));
          health.connected();
          return;
        } catch (err) {
          logError(err as Error);
          health.fail(reasonOf(err));
        }
      }
    })().finally(() => {
      healing = undefined;
      if (healAgain) heal();
    });
  };

  // --- delivery ---
  /**
   * Sends every command to its slot's master, following redirections, until each has landed or
   * failed for good; each command's outcome is left on it (error, refused, reply). `values`:
   * decode the replies (EXPIRE's counts).
   */
  async function deliver(cmds: Cmd[], deadline: number, values = false): Promise<void> {
    let pending = cmds;
    let wait = 0;
    let why: FailReason = { message: 'no master serves the slot', refused: false };
    const giveUp = (reason: FailReason) => {
      for (const cmd of pending) { cmd.error = reason.message; cmd.refused = reason.refused; }
    };
    while (pending.length > 0) {
      if (wait > 0) {
        if (Date.now() + wait > deadline) { giveUp(why); return; }
        await sleep(wait);
      }
      if (closed) { giveUp({ message: 'redis cluster sink closed', refused: false }); return; }
      const groups = new Map<string, Cmd[]>();
      const retry: Cmd[] = [];
      let stale = false;
      let backoff = false;
      for (const cmd of pending) {
        if (cmd.kind !== 'expire' && issued.get(cmd.key) !== cmd.gen) { c.superseded++; cmd.error = SUPERSEDED; continue; }
        const addr = cmd.askAt ?? slots.ownerOf(cmd.slot);
        if (addr === undefined) { retry.push(cmd); stale = backoff = true; continue; }
        let g = groups.get(addr);
        if (g === undefined) { g = []; groups.set(addr, g); }
        g.push(cmd);
      }
      await Promise.all([...groups].map(async ([addr, group]) => {
        const out = encodeGroup(group);
        let r: NodeReplies;
        try {
          r = await connFor(addr).write(out.bytes, out.replies, values);
        } catch (err) {
          const reason = reasonOf(err);
          // The node refused the connection (a wrong password): retrying will not mend that.
          if (reason.refused) { for (const cmd of group) { cmd.error = reason.message; cmd.refused = true; } return; }
          // Lost with the node: maybe applied, maybe not. Re-sending is safe: it is this key's newest value.
          logError(err as Error);
          why = reason;
          for (const cmd of group) retry.push(cmd);
          stale = backoff = true;
          return;
        }
        for (let i = 0; i < group.length; i++) {
          const cmd = group[i]!;
          const at = out.index[i]!;
          const error = r.errors?.get(at);
          if (error === undefined) { landed(cmd, r.values?.[at]); continue; }
          const code = error.slice(0, error.indexOf(' ') >>> 0);
          if ((code === 'MOVED' || code === 'ASK') && ++cmd.redirects <= MAX_REDIRECTS) {
            const to = error.split(' ')[2] ?? '';
            if (code === 'MOVED') { c.moved++; slots.set(cmd.slot, normalizeAddr(to, addr)); cmd.askAt = undefined; stale = true; }
            else { c.ask++; cmd.askAt = normalizeAddr(to, addr); }
            retry.push(cmd);
          } else if (code === 'TRYAGAIN' || code === 'CLUSTERDOWN' || code === 'LOADING' || code === 'MASTERDOWN' || code === 'READONLY') {
            // A slot mid-migration, a cluster electing, a node loading or demoted: the map catches up.
            why = { message: error, refused: true };
            retry.push(cmd);
            stale = backoff = true;
          } else {
            cmd.error = error; // refused for good (OOM, NOPERM, MISCONF, WRONGTYPE...): this command only
            cmd.refused = true;
          }
        }
      }));
      if (stale) {
        try { await readTopology(); } catch (err) { why = reasonOf(err); backoff = true; }
      }
      if (retry.length > 0) c.retries += retry.length;
      wait = backoff ? Math.min(CLUSTER_RETRY_MAX_MS, wait > 0 ? wait * 2 : CLUSTER_RETRY_BASE_MS) : 0;
      pending = retry;
    }
  }

  /** A command Redis took: remember what each book key now holds, and for how long. */
  function landed(cmd: Cmd, reply: ReplyValue): void {
    cmd.askAt = undefined;
    cmd.reply = reply;
    if (cmd.kind === 'set') acked.set(cmd.key, { cmd, until: Date.now() + cmd.ttlMs });
    else if (cmd.kind === 'expire') {
      const a = acked.get(cmd.key);
      if (reply !== 1) acked.delete(cmd.key); // gone from Redis: nothing to replay
      else if (a !== undefined) a.until = Date.now() + cmd.ttlMs;
    }
  }

  /** PUBLISH on the channel slot's master, else any node that answers (classic pub/sub reaches every node). */
  async function announce(symbols: string[]): Promise<void> {
    const out = new RespBuffer(64 + symbols.length * 12);
    out.raw(publishHead);
    out.bulkString(JSON.stringify(symbols));
    const bytes = out.bytes();
    const first = slots.ownerOf(channelSlot);
    const tried: string[] = [];
    let last = '';
    for (const addr of [...new Set([...(first ? [first] : []), ...slots.known()])]) {
      tried.push(addr);
      try {
        const e = (await connFor(addr).write(bytes, 1)).errors?.get(0);
        if (e === undefined) return;
        last = e;
      } catch (err) {
        last = (err as Error).message;
      }
    }
    throw new Error(`redis cluster: PUBLISH ${channel} failed on ${tried.join(', ')}: ${last}`);
  }
  // Not awaited: the books are acked already; a lost announcement only makes readers wait for the next.
  const publish = (symbols: string[]) => {
    announce(symbols).catch((err: Error) => {
      limited('warn', 'redis:publish', { err: err.message }, 'redis cluster: PUBLISH of the written symbols failed (the books are written)');
    });
  };

  /** The slot map, read before the first command (a failure is the write's, and says why). */
  const mappedOrFail = async () => {
    if (mapped) return;
    try { await readTopology(); } catch (err) { health.fail(reasonOf(err)); throw err; }
  };

  const ready = readTopology().catch((err: Error) => { logError(err); health.fail(reasonOf(err)); });
  void ready.then(() => heal(false));

  return {
    url,
    async write(records: readonly SinkRecord[], ttlSeconds: number) {
      if (records.length === 0) return;
      await ready;
      if (ttlSeconds !== tailTtl) { tail = expiryTail('EX', ttlSeconds); tailTtl = ttlSeconds; }
      const g = ++gen;
      const ttlMs = ttlSeconds * 1000;
      const cmds: Cmd[] = [];
      for (const r of records) {
        const h = heads.set(r.symbol, r.compressed);
        issued.set(h.key, g);
        cmds.push(newCmd('set', h, g, r.value, tail, ttlMs));
        if (r.stream !== undefined) {
          const x = heads.xadd(r.symbol, r.stream.field, r.stream.maxLen);
          issued.set(x.key, g);
          cmds.push(newCmd('xadd', x, g, r.stream.value, undefined, 0));
        }
      }
      await mappedOrFail();
      await deliver(cmds, Date.now() + deadlineMs);
      // By position, as the single sink reads its replies: a record is written when its SET (and its XADD, if any) landed.
      const written: string[] = [];
      const failed: number[] = [];
      let first: Cmd | undefined;
      for (let i = 0, at = 0; i < records.length; i++) {
        const set = cmds[at++]!;
        const xadd = records[i]!.stream !== undefined ? cmds[at++]! : undefined;
        const bad = set.error !== undefined ? set : xadd?.error !== undefined ? xadd : undefined;
        if (bad === undefined) written.push(records[i]!.symbol);
        else { failed.push(i); first ??= bad; }
      }
      if (first === undefined) {
        health.succeeded();
        publish(written);
        return;
      }
      health.fail({ message: first.error!, refused: first.refused });
      const why = `${first.error} (${first.key})`;
      if (written.length === 0) {
        throw first.refused ? new RedisReplyError(why) : new Error(`redis cluster: no write landed within ${deadlineMs} ms: ${why}`);
      }
      publish(written);
      throw new SinkWriteError(`redis cluster: ${failed.length} of ${records.length} writes did not land: ${why}`, failed, records.length);
    },
    async refresh(keys: readonly SinkKey[], ttlSeconds: number): Promise<boolean[]> {
      if (keys.length === 0) return [];
      await ready;
      const ttl = String(ttlSeconds);
      const cmds = keys.map((k) => newCmd('expire', heads.expire(k.symbol, k.compressed), 0, ttl, undefined, ttlSeconds * 1000));
      await mappedOrFail();
      await deliver(cmds, Date.now() + deadlineMs, true);
      const bad = cmds.find((x) => x.error !== undefined);
      if (bad !== undefined) {
        health.fail({ message: bad.error!, refused: bad.refused });
        const why = `${bad.error} (${bad.key})`;
        throw bad.refused ? new RedisReplyError(why) : new Error(`redis cluster: EXPIRE not answered within ${deadlineMs} ms: ${why}`);
      }
      // EXPIRE answers 1 when the key exists (its TTL is set again), 0 when it is gone.
      return cmds.map((x) => x.reply === 1);
    },
    onServer(listener) { serverListeners.push(listener); },
    status: () => (!mapped || health.failing ? 'down' : 'writable'),
    problem: () => (mapped && !health.failing ? undefined : health.problem() ?? sinkProblem('not connected yet', false, clock.now())),
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

/** Why a command or connection failed, for the problem: Redis's own refusal, or the connection's error. */
function reasonOf(err: unknown): FailReason {
  if (err instanceof NodeConnectionError && err.reply !== undefined) return { message: err.reply, refused: true };
  return { message: err instanceof Error ? err.message : String(err), refused: false };
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
