// Issue 5: 100 dashboard clients on the real server process, half of which never read. The
// readers keep their stats frames, the stalled ones are dropped past the send-buffer bound,
// and the server's memory stays bounded by that bound, not by how long they stall.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import type { StatsSnapshot } from '@ob/protocol';
import { freePort, startRedis, waitFor, type TestRedis } from '@ob/testkit';
import { MAX_WS_BUFFERED_BYTES } from '@ob/server';

const root = new URL('../../', import.meta.url);
const CLIENTS = 100;
const HOT = ['BTC', 'ETH', 'SOL', 'HYPE', 'FARTCOIN', 'XRP', 'DOGE', 'SUI', 'ENA', 'LINK', '1000PEPE', 'AAVE', 'ADA', 'AVAX', 'WLD', 'BNB'];
const MB = 1024 * 1024;

interface Client { ws: WebSocket; stats: number; closed: boolean; stalled: boolean }

describe(`${CLIENTS} dashboard clients, half of them stalled`, () => {
  let redis: TestRedis;
  let server: ChildProcess;
  let base = '';
  const clients: Client[] = [];

  before(async () => {
    redis = await startRedis();
    const port = await freePort();
    base = `127.0.0.1:${port}`;
    server = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
      cwd: root,
      env: { ...process.env, REDIS_URL: redis.url, PORT: String(port), SIM_RATE: '4000', STATS_LOG_SECONDS: '0', LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    await waitFor(async () => (await fetch(`http://${base}/readyz`).catch(() => null))?.ok, { message: 'server ready' });
  });
  after(async () => {
    for (const c of clients) c.ws.terminate();
    server.kill('SIGKILL');
    await redis.stop();
  });

  const rss = async () => ((await (await fetch(`http://${base}/api/stats?seconds=1`)).json()) as StatsSnapshot).current.rss;
  const metric = async (name: string) => {
    const text = await (await fetch(`http://${base}/metrics`)).text();
    return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  };
  const droppedSlow = () => metric('ob_ws_dropped_slow_total');

  it('keeps readers fed, drops the stalled ones, and bounds memory', async () => {
    for (let i = 0; i < CLIENTS; i++) {
      const ws = new WebSocket(`ws://${base}/ws`);
      const c: Client = { ws, stats: 0, closed: false, stalled: i % 2 === 1 };
      clients.push(c);
      ws.on('message', (data) => { if (String(data).startsWith('{"type":"stats"')) c.stats++; });
      ws.on('close', () => { c.closed = true; });
      ws.on('error', () => {});
      ws.once('open', () => {
        for (const symbol of HOT) ws.send(JSON.stringify({ type: 'subscribe', symbol, depth: 50 }));
        // A stalled browser tab: the socket stays open but nothing is read from it.
        if (c.stalled) (ws as unknown as { _socket: { pause(): void } })._socket.pause();
      });
    }
    const stalled = clients.filter((c) => c.stalled);
    const readers = clients.filter((c) => !c.stalled);
    await waitFor(async () => (await droppedSlow()) >= stalled.length, { timeoutMs: 120_000, message: 'every stalled client dropped' });

    const counts = readers.map((c) => c.stats);
    await waitFor(() => readers.every((c, i) => c.stats >= counts[i]! + 2), { message: 'readers still get stats frames' });
    assert.ok(readers.every((c) => !c.closed), 'no reader was dropped');
    assert.equal(await droppedSlow(), stalled.length, 'only stalled clients were dropped');
    // A stalled client holds at most the bound plus the frames of one push before it is dropped.
    const peak = await metric('ob_ws_peak_buffered_bytes');
    assert.ok(peak > 0 && peak < MAX_WS_BUFFERED_BYTES + 16 * 64 * 1024, `peak send buffer ${peak} bytes`);
    // Once they are gone, memory stops growing while the readers keep streaming.
    const rssAfterDrops = await rss();
    const statsNow = readers.map((c) => c.stats);
    await waitFor(() => readers.every((c, i) => c.stats >= statsNow[i]! + 5), { message: 'five more seconds of stats' });
    const growth = (await rss()) - rssAfterDrops;
    console.log(`# server RSS ${(rssAfterDrops / MB).toFixed(0)} MB after the drops, then ${growth >= 0 ? '+' : ''}${(growth / MB).toFixed(1)} MB`);
    assert.ok(growth < 32 * MB, `RSS kept growing after the drops: +${(growth / MB).toFixed(1)} MB`);
  });
});
