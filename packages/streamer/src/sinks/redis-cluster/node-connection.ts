// One cluster node's connection for the sink: a pipeline of pre-encoded RESP in, and for each
// reply only whether it was an error and which (MOVED, ASK, TRYAGAIN... must be told apart per
// command, unlike the single-node sink, which needs only the first error of a pipeline).
// Dialled on first use and never redialled: a node that drops is forgotten, and the sink dials
// again whoever owns the slots now (a killed master's address may never come back).
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { respCommand } from '../../resp/encode';
import { ReplyReader } from '../../resp/reply-reader';

export interface NodeAuth { username?: string; password?: string; tls: boolean }

/** The connection failed or closed before every reply arrived: the commands may or may not have run. */
export class NodeConnectionError extends Error {}

interface InFlight {
  replies: number;
  /** Index → error text, only allocated when a reply is an error. */
  errors: Map<number, string> | undefined;
  seen: number;
  resolve(errors: Map<number, string> | undefined): void;
  reject(err: Error): void;
}

export class NodeConnection {
  private readonly socket: Socket;
  private readonly inFlight: InFlight[] = [];
  private readonly reader = new ReplyReader((error) => this.onReply(error));
  private readonly ready: Promise<void>;
  private timer: NodeJS.Timeout | undefined;
  private dead: Error | undefined;

  constructor(readonly host: string, readonly port: number, auth: NodeAuth, name: string,
    private readonly connectTimeoutMs: number, private readonly commandTimeoutMs: number) {
    const socket = auth.tls
      ? tlsConnect({ host, port, servername: isIP(host) === 0 ? host : undefined })
      : netConnect({ host, port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      try { this.reader.feed(chunk); } catch (err) { this.fail(err as Error); }
    });
    socket.on('error', (err) => this.fail(new NodeConnectionError(`${host}:${port}: ${err.message}`)));
    socket.once('close', () => this.fail(new NodeConnectionError(`${host}:${port}: connection closed`)));
    const connected = new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => { reject(new NodeConnectionError(`connect to ${host}:${port} timed out`)); socket.destroy(); }, connectTimeoutMs);
      socket.once(auth.tls ? 'secureConnect' : 'connect', () => { clearTimeout(t); resolve(); });
      socket.once('close', () => { clearTimeout(t); reject(this.dead ?? new NodeConnectionError(`${host}:${port}: connection closed`)); });
    });
    const hello: string[] = [];
    if (auth.password !== undefined) hello.push(auth.username ? respCommand('AUTH', auth.username, auth.password) : respCommand('AUTH', auth.password));
    hello.push(respCommand('CLIENT', 'SETNAME', name));
    // The handshake is queued before any write, so replies keep their order; a refused CLIENT
    // SETNAME is a courtesy lost, a refused AUTH fails every write after it (NOAUTH), visibly.
    this.ready = connected.then(async () => {
      const errors = await this.send(hello.join(''), hello.length);
      const auth = authError(errors, hello.length > 1);
      if (auth) throw new NodeConnectionError(`${host}:${port}: ${auth}`);
    });
    this.ready.catch(() => {}); // reported to the writes that await it
  }

  get address(): string { return `${this.host}:${this.port}`; }
  get isDead(): boolean { return this.dead !== undefined; }

  /** Sends the pipeline and resolves with the error replies by command index (undefined: none). */
  async write(payload: Buffer, replies: number): Promise<Map<number, string> | undefined> {
    await this.ready;
    return this.send(payload, replies);
  }

  close(): void {
    if (this.dead) return;
    this.dead = new NodeConnectionError(`${this.address}: closed by the sink`);
    this.socket.end(respCommand('QUIT'));
    setTimeout(() => this.socket.destroy(), this.connectTimeoutMs).unref();
  }

  private send(payload: Buffer | string, replies: number): Promise<Map<number, string> | undefined> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      this.inFlight.push({ replies, errors: undefined, seen: 0, resolve, reject });
      this.socket.write(payload);
      this.timer ??= setTimeout(() => this.fail(new NodeConnectionError(`${this.address} did not answer within ${this.commandTimeoutMs} ms`)), this.commandTimeoutMs);
    });
  }

  private onReply(error: string | undefined): void {
    const w = this.inFlight[0];
    if (!w) return; // QUIT's +OK
    if (error !== undefined) (w.errors ??= new Map()).set(w.seen, error);
    if (++w.seen < w.replies) return;
    this.inFlight.shift();
    clearTimeout(this.timer);
    this.timer = this.inFlight.length > 0
      ? setTimeout(() => this.fail(new NodeConnectionError(`${this.address} did not answer within ${this.commandTimeoutMs} ms`)), this.commandTimeoutMs)
      : undefined;
    w.resolve(w.errors);
  }

  private fail(err: Error): void {
    this.dead ??= err;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.inFlight.splice(0)) w.reject(this.dead);
    if (!this.socket.destroyed) this.socket.destroy();
  }
}

/** AUTH's error (the first reply when a password is given), if any; SETNAME's is ignored. */
function authError(errors: Map<number, string> | undefined, hasAuth: boolean): string | undefined {
  return hasAuth ? errors?.get(0) : undefined;
}
