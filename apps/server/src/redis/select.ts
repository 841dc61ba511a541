// Which Redis to write to, decided once at start:
// REDIS_URL if set (kept even when down: the sink retries and /readyz says 503);
// else a Redis already answering on 127.0.0.1:6379; else a private redis-server from PATH on a
// free port (nothing on disk, killed on exit); else none (the engine runs with a null sink).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { redactUrl } from '@ob/streamer';

export const LOCAL_REDIS_PORT = 6379;
/** How long the local Redis gets to answer PING before we look elsewhere. */
export const LOCAL_PING_TIMEOUT_MS = 500;
/** How long a private redis-server gets to come up. */
export const PRIVATE_START_TIMEOUT_MS = 5_000;

export type RedisChoice =
  | { kind: 'url' | 'local' | 'private'; url: string; stop(): Promise<void> }
  | { kind: 'none'; url: ''; stop(): Promise<void> };

interface SelectLog { info(msg: string): void; warn(msg: string): void }

export function ping(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, host);
    const done = (ok: boolean) => { sock.destroy(); resolve(ok); };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (d) => done(d.toString().startsWith('+PONG')));
    sock.once('error', () => done(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

export interface SelectOptions {
  /** Where to look for an already running Redis (tests move it off 6379). */
  localPort?: number;
  /** The redis-server binary to spawn. */
  redisServer?: string;
}

async function startPrivate(bin: string, log: SelectLog): Promise<RedisChoice | null> {
  if (spawnSync(bin, ['--version'], { stdio: 'ignore' }).status !== 0) return null;
  const port = await freePort();
  const child: ChildProcess = spawn(bin, [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', '/tmp',
  ], { stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => { exited = true; });
  child.once('error', () => { exited = true; });
  // Killed with us even if shutdown never runs (a crash, a second signal).
  const killOnExit = () => { if (!exited) child.kill('SIGKILL'); };
  process.once('exit', killOnExit);
  const deadline = Date.now() + PRIVATE_START_TIMEOUT_MS;
  while (!exited && Date.now() < deadline) {
    if (await ping('127.0.0.1', port, LOCAL_PING_TIMEOUT_MS)) {
      log.warn(`using a private redis-server on 127.0.0.1:${port} (no persistence; it stops with this process). Set REDIS_URL to keep books elsewhere.`);
      return {
        kind: 'private',
        url: `redis://127.0.0.1:${port}`,
        async stop() {
          process.off('exit', killOnExit);
          if (exited) return;
          await new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });
        },
      };
    }
    await sleep(50);
  }
  killOnExit();
  return null;
}

export async function selectRedis(redisUrl: string, log: SelectLog, opts: SelectOptions = {}): Promise<RedisChoice> {
  const none = async () => {};
  const localPort = opts.localPort ?? LOCAL_REDIS_PORT;
  if (redisUrl) {
    log.info(`Redis: ${redactUrl(redisUrl)} (from REDIS_URL)`);
    return { kind: 'url', url: redisUrl, stop: none };
  }
  if (await ping('127.0.0.1', localPort, LOCAL_PING_TIMEOUT_MS)) {
    log.info(`Redis: redis://127.0.0.1:${localPort} (answered PING; set REDIS_URL to choose another)`);
    return { kind: 'local', url: `redis://127.0.0.1:${localPort}`, stop: none };
  }
  const priv = await startPrivate(opts.redisServer ?? 'redis-server', log);
  if (priv) return priv;
  log.warn('NO REDIS: books are not being written. Start redis-server or set REDIS_URL, then restart.');
  return { kind: 'none', url: '', stop: none };
}
