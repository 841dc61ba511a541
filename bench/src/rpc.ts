// Parent ↔ child plumbing: every measured party (generator, streamer, baseline consumer) runs in
// its own process, so each has a core to itself and the harness cannot disturb it. The parent
// asks questions over the IPC channel only at the edges of a measurement window.
import { fork, type ChildProcess } from 'node:child_process';
// Repo script, not a workspace: the one esbuild setup shared with `npm start`.
import { bundle } from '../../scripts/bundle.mjs';
import { fileURLToPath } from 'node:url';

/** A child that does not answer within this long is taken as hung. */
export const CALL_TIMEOUT_MS = 60_000;
/** How long a child gets to exit after `stop` before it is killed. */
export const EXIT_GRACE_MS = 15_000;

interface Request { id: number; cmd: string; args?: unknown }
interface Reply { id: number; ok: boolean; result?: unknown; error?: string }
interface Event { event: string; data?: unknown }

export type Handlers = Record<string, (args: any) => unknown>;

/** In a child: answers the parent's calls with these handlers. */
export function serveRpc(handlers: Handlers): void {
  if (!process.send) throw new Error('serveRpc: not started with an IPC channel (use spawnChild)');
  process.on('message', async (msg: Request) => {
    if (!msg || typeof msg.id !== 'number') return;
    const h = handlers[msg.cmd];
    let reply: Reply;
    try {
      if (!h) throw new Error(`unknown command ${msg.cmd}`);
      reply = { id: msg.id, ok: true, result: await h(msg.args) };
    } catch (err) {
      reply = { id: msg.id, ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) };
    }
    // `stop` ends the child once its reply is out (a --cpu-prof profile is written at exit).
    process.send!(reply, () => { if (msg.cmd === 'stop') process.exit(0); });
  });
  // The parent dying must not leave an orphan spinning on a core.
  process.on('disconnect', () => process.exit(0));
}

/** In a child: tells the parent something happened. */
export function emit(event: string, data?: unknown): void {
  process.send?.({ event, data } satisfies Event);
}

export interface Child {
  readonly pid: number;
  readonly name: string;
  call<T = unknown>(cmd: string, args?: unknown): Promise<T>;
  /** Resolves with the first event of that name (and its data). */
  once<T = unknown>(event: string): Promise<T>;
  /** Asks it to stop (`stop` command), waits for the exit, kills it if it lingers. */
  close(): Promise<void>;
  readonly exited: Promise<number | null>;
}

export interface SpawnOptions {
  name: string;
  /** Extra node flags, e.g. --cpu-prof. */
  execArgv?: string[];
  args?: string[];
}

const compiled = new Map<string, string>();

/**
 * Compiles child scripts to plain JS (bench/dist/), so measured processes run as the product
 * does under `npm start`: no TypeScript loader thread taking CPU beside them.
 */
export async function compileChildren(scripts: readonly string[]): Promise<void> {
  for (const script of scripts) {
    compiled.set(script, await bundle(`bench/src/${script}`, `bench/dist/${script.replace(/\.ts$/, '.js')}`));
  }
}

/** Runs `bench/src/<script>` in a new node process (compiled, else through tsx) with an IPC channel. */
export function spawnChild(script: string, opts: SpawnOptions): Child {
  const js = compiled.get(script);
  const path = js ?? fileURLToPath(new URL(`./${script}`, import.meta.url));
  const proc: ChildProcess = fork(path, opts.args ?? [], {
    execArgv: [...(js ? [] : ['--import', import.meta.resolve('tsx')]), ...(opts.execArgv ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let seq = 0;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  const waiters = new Map<string, ((d: unknown) => void)[]>();
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => {
    for (const p of pending.values()) { clearTimeout(p.timer); p.reject(new Error(`${opts.name} exited (${code})`)); }
    pending.clear();
    resolve(code);
  }));
  proc.on('message', (msg: Reply | Event) => {
    if ('event' in msg) {
      const list = waiters.get(msg.event) ?? [];
      waiters.delete(msg.event);
      for (const w of list) w(msg.data);
      return;
    }
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new Error(`${opts.name}: ${msg.error}`));
  });

  const call = <T>(cmd: string, args?: unknown) => new Promise<T>((resolve, reject) => {
    if (!proc.connected) { reject(new Error(`${opts.name} is not running`)); return; }
    const id = ++seq;
    const timer = setTimeout(() => { pending.delete(id); reject(new Error(`${opts.name}: ${cmd} timed out`)); }, CALL_TIMEOUT_MS);
    pending.set(id, { resolve, reject, timer });
    proc.send({ id, cmd, args } satisfies Request);
  });

  return {
    pid: proc.pid!,
    name: opts.name,
    call,
    once: <T>(event: string) => new Promise<T>((resolve, reject) => {
      const list = waiters.get(event) ?? [];
      list.push(resolve as (d: unknown) => void);
      waiters.set(event, list);
      void exited.then((code) => reject(new Error(`${opts.name} exited (${code}) before ${event}`)));
    }),
    async close() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const kill = setTimeout(() => proc.kill('SIGKILL'), EXIT_GRACE_MS);
      try { await call('stop'); } catch { proc.kill('SIGTERM'); }
      await exited;
      clearTimeout(kill);
    },
    exited,
  };
}
