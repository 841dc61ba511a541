// A private redis-server per test file, on a free port, with nothing on disk:
// tests never touch another process's data (the shared one on 6379 least of all).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './ports';
import { waitFor } from './wait';

export interface TestRedis {
  port: number;
  url: string;
  /** Kills the server (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  /** Stops it answering (SIGSTOP), connections left open, as a hung host would; thaw() resumes it. */
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
}

export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    sock.setTimeout(1000);
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (d) => { sock.destroy(); resolve(/^(\+PONG|-NOAUTH)/.test(d.toString())); }); // a server with requirepass answers too
    sock.once('error', () => resolve(false));
    sock.once('timeout', () => { sock.destroy(); resolve(false); });
  });
}

/** `args`: extra redis-server options, e.g. ['--requirepass', 'pw'] or ['--replicaof', '127.0.0.1', '6380']. */
export async function startRedis(opts: { args?: string[] } = {}): Promise<TestRedis> {
  if (!redisServerAvailable()) {
    throw new Error('redis-server not found on PATH: install it (Debian: apt-get install -y redis-server)');
  }
  const port = await freePort();
  let child: ChildProcess | undefined;

  const launch = async () => {
    child = spawn('redis-server', [
      '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
      '--dir', '/tmp', '--logfile', '', '--loglevel', 'warning', ...(opts.args ?? []),
    ], { stdio: 'ignore' });
    const proc = child;
    let exited = false;
    proc.once('exit', () => { exited = true; });
    await waitFor(async () => {
      if (exited) throw new Error(`redis-server on port ${port} exited at start`);
      return ping(port);
    }, { timeoutMs: 15_000, message: `redis-server on port ${port}` });
  };

  const kill = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => { proc.once('exit', () => resolve()); proc.kill('SIGKILL'); });
  };

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    restart: launch,
    freeze: () => { child?.kill('SIGSTOP'); },
    thaw: () => { child?.kill('SIGCONT'); },
    stop: kill,
  };
}
