// Issue 19.5: `npm start` under a supervisor that signals only the main process (docker stop with
// `CMD npm start`, systemd without a control group). SIGTERM goes to npm's own pid; npm forwards
// it to its child, which must be node itself (the script `exec`s it: with a shell in between the
// shell died and node ran on, orphaned, holding its port). Node then shuts down gracefully and
// npm exits with node's code.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { startRedis, waitFor } from '@ob/testkit';

const root = new URL('../../', import.meta.url);

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

function npmStart(args: string[], env: Record<string, string>) {
  const child = spawn('npm', ['start', '--silent', '--', ...args], {
    cwd: root, env: { ...process.env, STATS_LOG_SECONDS: '0', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => out };
}

describe('npm start under a supervisor', () => {
  it('SIGTERM to npm\'s own pid reaches node: it flushes, frees its port, and npm exits 0', async () => {
    const redis = await startRedis();
    const run = npmStart(['--port=0', '--sim-rate=200'], { REDIS_URL: redis.url, HOST: '127.0.0.1' });
    let nodePid = 0;
    try {
      const port = Number(await waitFor(() => /Dashboard: http:\/\/127\.0\.0\.1:(\d+)\//.exec(run.output())?.[1],
        { timeoutMs: 120_000, message: `the start line (output: ${run.output().slice(-800)})` }));
      // pino's lines carry the pid of the process that logs: node, not npm.
      nodePid = Number(/"pid":(\d+)/.exec(run.output())?.[1]);
      assert.ok(nodePid > 0 && nodePid !== run.child.pid, `node's pid from the log (npm is ${run.child.pid})`);
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, { timeoutMs: 60_000, message: 'ready' });

      run.child.kill('SIGTERM'); // npm's pid only, as docker stop / systemd (KillMode=process) do
      const { code } = await run.exited;
      assert.equal(code, 0, run.output().slice(-1500));
      await waitFor(() => !alive(nodePid), { timeoutMs: 15_000, message: `node (pid ${nodePid}) gone after npm exited` });
      assert.match(run.output(), /SIGTERM: shutting down/);
      assert.match(run.output(), /shutdown complete/);
      assert.equal(await accepts(port), false, 'the port is free');
    } finally {
      run.child.kill('SIGKILL');
      if (nodePid && alive(nodePid)) process.kill(nodePid, 'SIGKILL');
      await redis.stop();
    }
  });

  it('npm exits with node\'s own exit code (2 for an invalid setting)', async () => {
    const run = npmStart(['--batch-interval-ms=0'], {});
    const { code } = await run.exited;
    assert.equal(code, 2, run.output());
    assert.match(run.output(), /batchIntervalMs must be an integer from 1 to 10000/);
  });
});
