// The sink's own connection to Redis: whole flushes written as pre-encoded RESP, replies only
// counted. ioredis builds a Command, a promise and a timer per SET and decodes every reply into
// a value; at the seed's load that machinery cost more CPU than building the books (see
// BENCHMARKS.md). The rest of the app keeps ioredis.
//
// Behaves as the sink's ioredis client did: no offline queue (a write while disconnected fails at
// once and the streamer keeps those markets pending), reconnect with capped backoff, a write
// Redis does not answer fails after a timeout, and then the connection is dropped and redialled
// (replies are matched to writes by order, so a late reply must never meet the next write).
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { connectionErrorLogger } from '../redis-limits';
import type { Logger } from '../types';
import { respCommand } from './encode';
import { parseRedisUrl, type RedisEndpoint } from './redis-url';
import { ReplyReader, type ReplyValue } from './reply-reader';

export interface RespConnectionOptions {
  url: string;
  /** CLIENT SETNAME, so operators can tell the sink's connection apart in CLIENT LIST. */
  name: string;
  connectTimeoutMs: number;
  /** A write whose replies have not all arrived by then fails, and the connection is redialled. */
  commandTimeoutMs: number;
  /** Wait before redial number `attempt` (1, 2, ...). */
  reconnectDelayMs(attempt: number): number;
  keepAliveMs: number;
  log: Logger;
  /** A connection error is logged at most this often. */
  errorLogIntervalMs: number;
}

/**
 * What Redis answered to one exchange(), by position. `errors` is undefined when every reply
 * succeeded (the usual case allocates nothing more), else holds the error text at each failed
 * position. `values` holds the decoded replies when they were asked for.
 */
export interface Replies {
  errors: (string | undefined)[] | undefined;
  values: ReplyValue[] | undefined;
}

interface InFlight extends Replies {
  replies: number;
  /** Replies already read, i.e. the position of the next one. */
  seen: number;
  sentAt: number;
  resolve(r: Replies): void;
  reject(err: Error): void;
}

/** Redis answered a command of the write with an error reply (OOM, READONLY, WRONGPASS, ...). */
export class RedisReplyError extends Error {}

export class RespConnection {
  private readonly endpoint: RedisEndpoint;
  private socket: Socket | undefined;
  private ready = false;
  private closed = false;
  private attempt = 0;
  private readonly inFlight: InFlight[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly reader = new ReplyReader((error, value) => this.onReply(error, value), () => this.inFlight[this.head]?.values !== undefined);
  private readyListeners: (() => void)[] = [];
  private errorListeners: ((err: Error) => void)[] = [];
  /** The server's INFO run_id, read at each handshake; undefined until read, or when INFO is refused. */
  private runId: string | undefined;
  private readonly logError: (err: Error) => void;

  constructor(private readonly opts: RespConnectionOptions) {
    this.endpoint = parseRedisUrl(opts.url);
    this.logError = connectionErrorLogger(opts.log, opts.errorLogIntervalMs);
    this.dial();
  }

  get isReady(): boolean { return this.ready; }

  /** The run_id of the server of the current (or last) connection: it changes when Redis restarts or another server answers. */
  get serverRunId(): string | undefined { return this.runId; }

  /** Runs whenever a (re)connection has finished its handshake. */
  onReady(listener: () => void): void { this.readyListeners.push(listener); }

  /** Runs on each connection error and each refused handshake (a wrong password, NOAUTH), for the sink to classify. */
  onError(listener: (err: Error) => void): void { this.errorListeners.push(listener); }

  /**
   * Sends the bytes (one or more whole commands) and resolves when `replies` replies have arrived; rejects on
   * the first error reply (after all of them arrived), on timeout, or when the connection drops.
   */
  async write(payload: Buffer | string, replies: number): Promise<void> {
    const r = await this.exchange(payload, replies);
    const first = r.errors?.find((e) => e !== undefined);
    if (first !== undefined) throw new RedisReplyError(first);
  }

  /**
   * As write(), but error replies do not reject: the result says which positions failed (and,
   * with `values`, what each reply was). Rejects on timeout, or when the connection drops.
   */
  exchange(payload: Buffer | string, replies: number, opts: { values?: boolean } = {}): Promise<Replies> {
    if (!this.ready || !this.socket) return Promise.reject(new Error('redis not connected (the write is refused, not queued)'));
    return this.send(this.socket, payload, replies, opts.values === true);
  }

  /** Stops redialling and closes the connection once what was written has been answered or failed. */
  async close(): Promise<void> {
    this.closed = true;
    this.ready = false;
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => socket.destroy(), this.opts.connectTimeoutMs);
      socket.once('close', () => { clearTimeout(force); resolve(); });
      socket.end(respCommand('QUIT'));
    });
  }

  private send(socket: Socket, payload: Buffer | string, replies: number, values = false): Promise<Replies> {
    return new Promise<Replies>((resolve, reject) => {
      this.inFlight.push({ replies, seen: 0, errors: undefined, values: values ? [] : undefined, sentAt: Date.now(), resolve, reject });
      socket.write(payload);
      if (!this.timer) this.armTimeout();
    });
  }

  private onReply(error: string | undefined, value: ReplyValue): void {
    const w = this.inFlight[this.head];
    if (!w && this.closed) return; // QUIT's +OK
    if (!w) { this.drop(new Error('redis sent a reply nobody asked for')); return; }
    if (error !== undefined) (w.errors ??= [])[w.seen] = error;
    if (w.values) w.values[w.seen] = value;
    w.seen++;
    if (w.seen < w.replies) return;
    this.head++;
    if (this.head === this.inFlight.length) { this.inFlight.length = 0; this.head = 0; }
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.head < this.inFlight.length) this.armTimeout();
    w.resolve(w);
  }

  private armTimeout(): void {
    const oldest = this.inFlight[this.head];
    if (!oldest) return;
    const wait = Math.max(0, oldest.sentAt + this.opts.commandTimeoutMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drop(new Error(`redis did not answer within ${this.opts.commandTimeoutMs} ms`));
    }, wait);
  }

  /** Fails everything in flight and redials (the socket's close handler does the rest). */
  private drop(err: Error): void {
    this.ready = false; // at once: 'close' comes a tick later, and no write may go out on this socket
    this.failInFlight(err);
    this.socket?.destroy(err);
  }

  private failInFlight(err: Error): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const waiting = this.inFlight.splice(this.head);
    this.inFlight.length = 0;
    this.head = 0;
    for (const w of waiting) w.reject(err);
  }

  private dial(): void {
    const { host, port, tls } = this.endpoint;
    // SNI takes a host name, never an address (RFC 6066).
    const socket = tls ? tlsConnect({ host, port, servername: isIP(host) === 0 ? host : undefined }) : netConnect({ host, port });
    this.socket = socket;
    this.reader.reset();
    const connectTimer = setTimeout(() => socket.destroy(new Error(`connect to ${host}:${port} timed out`)), this.opts.connectTimeoutMs);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, this.opts.keepAliveMs);
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(connectTimer);
      this.handshake(socket);
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        this.reader.feed(chunk);
      } catch (err) {
        this.drop(err as Error);
      }
    });
    socket.on('error', (err) => { this.logError(err); this.emitError(err); });
    socket.once('close', () => {
      clearTimeout(connectTimer);
      this.ready = false;
      this.failInFlight(new Error('redis connection closed'));
      if (this.socket === socket) this.socket = undefined;
      if (this.closed) return;
      this.attempt++;
      setTimeout(() => { if (!this.closed) this.dial(); }, this.opts.reconnectDelayMs(this.attempt));
    });
  }

  private emitError(err: Error): void {
    for (const l of this.errorListeners) l(err);
  }

  /**
   * AUTH and SELECT, then CLIENT SETNAME and INFO server; ready once all are answered. The name
   * and the run_id are courtesies: a server or proxy that refuses CLIENT or INFO (managed Redis,
   * an ACL with -client) must not keep the sink down, so those error replies are only logged,
   * unless they say the connection is not authenticated (NOAUTH: no password in the URL).
   */
  private handshake(socket: Socket): void {
    const { username, password, db } = this.endpoint;
    const essential: string[] = [];
    if (password !== undefined) essential.push(username ? respCommand('AUTH', username, password) : respCommand('AUTH', password));
    if (db !== 0) essential.push(respCommand('SELECT', String(db)));
    const courtesy = respCommand('CLIENT', 'SETNAME', this.opts.name) + respCommand('INFO', 'server');
    const steps = [
      essential.length > 0 ? this.send(socket, essential.join(''), essential.length).then(throwFirstError) : Promise.resolve(),
      this.send(socket, courtesy, 2, true).then((r) => {
        const refused = r.errors?.find((e) => e !== undefined);
        if (refused?.startsWith('NOAUTH')) throw new RedisReplyError(refused);
        if (refused !== undefined) this.opts.log.warn({ err: refused }, 'redis refused CLIENT SETNAME or INFO (the sink works without them)');
        const info = r.values?.[1];
        this.runId = typeof info === 'string' ? /^run_id:(\w+)/m.exec(info)?.[1] : undefined;
      }),
    ];
    Promise.all(steps).then(() => {
      if (this.socket !== socket || this.closed) return;
      this.attempt = 0;
      this.ready = true;
      for (const l of this.readyListeners) l();
    }, (err: Error) => {
      this.logError(err);
      this.emitError(err);
      socket.destroy(); // a wrong password or db: keep retrying (capped backoff) and saying so
    });
  }
}

function throwFirstError(r: Replies): void {
  const first = r.errors?.find((e) => e !== undefined);
  if (first !== undefined) throw new RedisReplyError(first);
}
