// One cluster node's connection for the sink: a pipeline of pre-encoded RESP in, and for each
// reply whether it was an error and which (MOVED, ASK, TRYAGAIN... must be told apart per
// command, unlike the single-node sink, which needs only the first error of a pipeline), and
// the replies' values when asked for (the keeper's EXPIRE counts).
// Dialled on first use and never redialled: a node that drops is forgotten (onLost), and the
// sink dials again whoever owns the slots now (a killed master's address may never come back).
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { respCommand } from '../../resp/encode';
import { ReplyReader, type ReplyValue } from '../../resp/reply-reader';

export interface NodeAuth { username?: string; password?: string; tls: boolean }

/**
 * The connection failed or closed before every reply arrived: the commands may or may not have
 * run. `reply` is Redis's own error when the node refused the connection (a wrong password,
 * NOAUTH), which a retry will not mend.
 */
export class NodeConnectionError extends Error {
  constructor(message: string, readonly reply?: string) {
    super(message);
  }
}

/** What a node answered to one pipeline, by position. */
export interface NodeReplies {
  /** Index → error text; undefined when every reply succeeded (the usual case allocates nothing). */
  errors: Map<number, string> | undefined;
  /** Every reply decoded, when asked for. */
  values: ReplyValue[] | undefined;
}

export interface NodeConnectionOptions {
  host: string;
  port: number;
  auth: NodeAuth;
  /** CLIENT SETNAME, so operators can tell the sink's connections apart in CLIENT LIST. */
  name: string;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  /** Called once when the connection is lost other than by close(): dropped, timed out, or refused at the handshake. */
  onLost?(err: NodeConnectionError): void;
}

interface InFlight extends NodeReplies {
  replies: number;
  seen: number;
  resolve(r: NodeReplies): void;
  reject(err: Error): void;
}

export class NodeConnection {
  readonly host: string;
  readonly port: number;
  private readonly socket: Socket;
  private readonly inFlight: InFlight[] = [];
  private readonly reader = new ReplyReader((error, value) => this.onReply(error, value), () => this.inFlight[0]?.values !== undefined);
  private readonly ready: Promise<void>;
  private timer: NodeJS.Timeout | undefined;
  private dead: NodeConnectionError | undefined;
  private id: string | undefined;

  constructor(private readonly opts: NodeConnectionOptions) {
    const { host, port, auth } = opts;
    this.host = host;
    this.port = port;
    const socket = auth.tls
      ? tlsConnect({ host, port, servername: isIP(host) === 0 ? host : undefined })
      : netConnect({ host, port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      try { this.reader.feed(chunk); } catch (err) { this.fail(new NodeConnectionError(`${host}:${port}: ${(err as Error).message}`)); }
    });
    socket.on('error', (err) => this.fail(new NodeConnectionError(`${host}:${port}: ${err.message}`)));
    socket.once('close', () => this.fail(new NodeConnectionError(`${host}:${port}: connection closed`)));
    const connected = new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => { reject(new NodeConnectionError(`connect to ${host}:${port} timed out`)); socket.destroy(); }, opts.connectTimeoutMs);
      socket.once(auth.tls ? 'secureConnect' : 'connect', () => { clearTimeout(t); resolve(); });
      socket.once('close', () => { clearTimeout(t); reject(this.dead ?? new NodeConnectionError(`${host}:${port}: connection closed`)); });
    });
    const hello: string[] = [];
    if (auth.password !== undefined) hello.push(auth.username ? respCommand('AUTH', auth.username, auth.password) : respCommand('AUTH', auth.password));
    hello.push(respCommand('CLIENT', 'SETNAME', opts.name), respCommand('INFO', 'server'));
    // The handshake is queued before any write, so replies keep their order. A refused AUTH, or
    // NOAUTH (a password needed, none given), drops the connection; a refused CLIENT SETNAME or
    // INFO is a courtesy lost (the run_id then stays unknown: every reconnection may be another server).
    this.ready = connected.then(async () => {
      const r = await this.send(hello.join(''), hello.length, true);
      const refused = (auth.password !== undefined ? r.errors?.get(0) : undefined)
        ?? [...r.errors?.values() ?? []].find((e) => e.startsWith('NOAUTH'));
      if (refused !== undefined) {
        const err = new NodeConnectionError(`${this.address}: ${refused}`, refused);
        this.fail(err);
        throw err;
      }
      const info = r.values?.[hello.length - 1];
      this.id = typeof info === 'string' ? /^run_id:(\w+)/m.exec(info)?.[1] : undefined;
    });
    this.ready.catch(() => {}); // reported to the writes that await it
  }

  get address(): string { return `${this.host}:${this.port}`; }
  get isDead(): boolean { return this.dead !== undefined; }
  /** The server's INFO run_id, once ready: another one at the same address means the node restarted. */
  get runId(): string | undefined { return this.id; }

  /** Resolves once the handshake is answered; rejects when the connection failed or was refused. */
  whenReady(): Promise<void> { return this.ready; }

  /** Sends the pipeline and resolves with the error replies by command index (and, with `values`, every reply decoded). */
  async write(payload: Buffer, replies: number, values = false): Promise<NodeReplies> {
    await this.ready;
    return this.send(payload, replies, values);
  }

  close(): void {
    if (this.dead) return;
    this.dead = new NodeConnectionError(`${this.address}: closed by the sink`);
    this.socket.end(respCommand('QUIT'));
    setTimeout(() => this.socket.destroy(), this.opts.connectTimeoutMs).unref();
  }

  private send(payload: Buffer | string, replies: number, values: boolean): Promise<NodeReplies> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      this.inFlight.push({ replies, errors: undefined, values: values ? new Array<ReplyValue>(replies) : undefined, seen: 0, resolve, reject });
      this.socket.write(payload);
      this.timer ??= this.answerTimer();
    });
  }

  private answerTimer(): NodeJS.Timeout {
    return setTimeout(() => this.fail(new NodeConnectionError(`${this.address} did not answer within ${this.opts.commandTimeoutMs} ms`)), this.opts.commandTimeoutMs);
  }

  private onReply(error: string | undefined, value: ReplyValue): void {
    const w = this.inFlight[0];
    if (!w) return; // QUIT's +OK
    if (error !== undefined) (w.errors ??= new Map()).set(w.seen, error);
    if (w.values !== undefined) w.values[w.seen] = value;
    if (++w.seen < w.replies) return;
    this.inFlight.shift();
    clearTimeout(this.timer);
    this.timer = this.inFlight.length > 0 ? this.answerTimer() : undefined;
    w.resolve(w);
  }

  private fail(err: NodeConnectionError): void {
    const first = this.dead === undefined;
    this.dead ??= err;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.inFlight.splice(0)) w.reject(this.dead);
    if (!this.socket.destroyed) this.socket.destroy();
    if (first) this.opts.onLost?.(err);
  }
}
