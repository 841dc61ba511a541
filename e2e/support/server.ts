// The real backend as a child process (node --import tsx apps/server/src/main.ts), started the
// way an operator would, on a free port. kill() is a crash (SIGKILL); start() brings it back
// on the same port.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '@ob/testkit';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
/** Cold start runs TypeScript through tsx on a shared 2-core machine: be patient. */
const START_TIMEOUT_MS = 60_000;
const LOG_TAIL_CHARS = 4_000;

export interface ServerOptions {
  redisUrl: string;
  port?: number;
  env?: Record<string, string>;
}

export interface ServerProcess {
  port: number;
  url: string;
  /** Starts it (again) on the same port and waits until the dashboard's data is served. */
  start(): Promise<void>;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
  /** SIGTERM, the graceful path. */
  stop(): Promise<void>;
  /** The tail of its stdout/stderr, for failure messages. */
  log(): string;
}

export function assertWebBuilt(): void {
  if (!existsSync(join(ROOT, 'apps/web/dist/index.html'))) {
    throw new Error('apps/web/dist is missing: run `npm run build` before the e2e (npm test does it)');
  }
}

export async function createServer(opts: ServerOptions): Promise<ServerProcess> {
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';

  const exit = (proc: ChildProcess, signal: NodeJS.Signals) => new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill(signal);
  });

  return {
    port,
    url,
    log: () => output.slice(-LOG_TAIL_CHARS),
    async start() {
      const proc = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          HOST: '127.0.0.1', PORT: String(port), REDIS_URL: opts.redisUrl,
          SOURCE: 'simulator', STATS_LOG_SECONDS: '0', LOG_LEVEL: 'warn',
          ...opts.env,
        },
      });
      child = proc;
      const keep = (d: Buffer) => { output = (output + d.toString()).slice(-LOG_TAIL_CHARS * 2); };
      proc.stdout?.on('data', keep);
      proc.stderr?.on('data', keep);
      // A server that exits at start fails the run at once, with its output.
      const exited = new Promise<never>((_, reject) => {
        proc.once('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}) at start:\n${output}`)));
      });
      exited.catch(() => {});
      await Promise.race([exited, waitFor(async () => {
        const res = await fetch(`${url}/api/stats?seconds=1`);
        if (!res.ok) return false;
        const stats = (await res.json()) as { feed?: { status?: string } };
        return stats.feed?.status === 'connected';
      }, { timeoutMs: START_TIMEOUT_MS, intervalMs: 200, message: `the server on port ${port} to serve a connected feed` })]);
    },
    async kill() {
      if (child) await exit(child, 'SIGKILL');
    },
    async stop() {
      if (child) await exit(child, 'SIGTERM');
    },
  };
}
