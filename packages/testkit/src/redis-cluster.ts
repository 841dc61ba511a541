// A private Redis Cluster per test file: 3 masters with a replica each, every node a real
// redis-server on free ports (data and bus), nothing on disk, joined by `redis-cli --cluster
// create`. Node timeout is short so a killed master's replica is promoted within seconds.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { freePort } from './ports';
import { waitFor } from './wait';

/** A failed master's replica takes over after about this long (cluster-node-timeout). */
export const TEST_CLUSTER_NODE_TIMEOUT_MS = 1_000;

export interface ClusterNode {
  port: number;
  url: string;
  /** Alive (not killed by the test). */
  readonly running: boolean;
  kill(): Promise<void>;
}

export interface TestCluster {
  nodes: ClusterNode[];
  /** host:port of every node, comma-separated: the REDIS_CLUSTER setting. */
  seeds: string;
  /** `redis-cli -p <port> <args>` against a live node, stdout trimmed. */
  cli(args: string[], port?: number): string;
  /** Ports of the current masters and, for each, its replicas' ports. */
  masters(): { port: number; replicas: number[]; slots: number }[];
  /** Waits until every slot is served and `cluster_state:ok`, as seen from a live node. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function redisClusterAvailable(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0
    && spawnSync('redis-cli', ['--version'], { stdio: 'ignore' }).status === 0;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    sock.setTimeout(1000);
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (d) => { sock.destroy(); resolve(d.toString().startsWith('+PONG')); });
    sock.once('error', () => resolve(false));
    sock.once('timeout', () => { sock.destroy(); resolve(false); });
  });
}

/** Starts `masters` masters with `replicas` replicas each and waits until the cluster serves every slot. */
export async function startRedisCluster(opts: { masters?: number; replicas?: number } = {}): Promise<TestCluster> {
  if (!redisClusterAvailable()) {
    throw new Error('redis-server and redis-cli are needed for cluster tests: install them (Debian: apt-get install -y redis-server redis-tools)');
  }
  const masters = opts.masters ?? 3;
  const replicas = opts.replicas ?? 1;
  const dir = mkdtempSync(join(tmpdir(), 'ob-cluster-'));
  const procs: ChildProcess[] = [];
  const nodes: ClusterNode[] = [];
  for (let i = 0; i < masters * (1 + replicas); i++) {
    const port = await freePort();
    const busPort = await freePort();
    const child = spawn('redis-server', [
      '--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1',
      '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`),
      '--cluster-node-timeout', String(TEST_CLUSTER_NODE_TIMEOUT_MS),
      // A replica whose master is gone takes over even if it lagged: a test has no other copy.
      '--cluster-replica-validity-factor', '0',
      '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', '', '--loglevel', 'warning',
    ], { stdio: 'ignore' });
    procs.push(child);
    let exited = false;
    child.once('exit', () => { exited = true; });
    nodes.push({
      port,
      url: `redis://127.0.0.1:${port}`,
      get running() { return !exited; },
      async kill() {
        if (exited) return;
        await new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGKILL'); });
      },
    });
  }
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.kill()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(nodes.map((n) => waitFor(async () => {
      if (!n.running) throw new Error(`redis-server on port ${n.port} exited at start`);
      return ping(n.port);
    }, { timeoutMs: 15_000, message: `cluster node on port ${n.port}` })));
    const create = spawnSync('redis-cli', [
      '--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`),
      '--cluster-replicas', String(replicas), '--cluster-yes',
    ], { encoding: 'utf8', timeout: 60_000 });
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
  } catch (err) {
    await stop();
    throw err;
  }

  const livePort = () => {
    const n = nodes.find((x) => x.running);
    if (!n) throw new Error('no cluster node is running');
    return n.port;
  };
  const cli = (args: string[], port = livePort()) => {
    const r = spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', timeout: 10_000 });
    if (r.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const masterList = () => {
    // CLUSTER NODES: id addr@bus flags master-id ping pong epoch link slot-ranges...
    const lines = cli(['cluster', 'nodes']).split('\n').map((l) => l.trim().split(' '));
    const portOf = (addr: string) => Number(addr.split('@')[0]!.split(':').pop());
    const live = (flags: string) => !flags.includes('fail') && !flags.includes('noaddr');
    const ms = lines.filter((f) => f[2]!.includes('master') && live(f[2]!));
    return ms.map((f) => ({
      port: portOf(f[1]!),
      replicas: lines.filter((r) => r[3] === f[0] && live(r[2]!)).map((r) => portOf(r[1]!)),
      slots: f.slice(8).reduce((sum, range) => {
        if (range.startsWith('[')) return sum; // a slot being migrated
        const [a, b] = range.split('-').map(Number);
        return sum + (b === undefined ? 1 : b - a! + 1);
      }, 0),
    })).filter((m) => m.slots > 0);
  };
  const waitHealthy = async (timeoutMs = 30_000) => {
    await waitFor(() => {
      const info = cli(['cluster', 'info']);
      if (!/cluster_state:ok/.test(info) || !/cluster_slots_ok:16384/.test(info)) return false;
      // Every live node agrees (a node that has not heard of a failover still redirects to the dead master).
      return nodes.filter((n) => n.running).every((n) => /cluster_state:ok/.test(cli(['cluster', 'info'], n.port)));
    }, { timeoutMs, message: 'cluster_state:ok on every live node' });
  };
  await waitHealthy(60_000);
  return { nodes, seeds: nodes.map((n) => `127.0.0.1:${n.port}`).join(','), cli, masters: masterList, waitHealthy, stop };
}
