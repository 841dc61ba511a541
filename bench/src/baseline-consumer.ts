// The baseline consumer, run as its own process: the least a Lighter client can do. It receives
// the generator's frames over `ws` (same options as the real feed; the markets spread over
// --connections sockets, as the streamer's) and JSON.parses each one, nothing else. The streamer's throughput and CPU are reported as ratios against it.
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import type { ConsumerStats } from './consumer-stats';
import { emit, serveRpc } from './rpc';
import { threadCpu } from './thread-cpu';

/** Same bound as the Lighter feed's MAX_FRAME_BYTES, so both sockets are configured alike. */
const MAX_FRAME_BYTES = 4 * 1024 * 1024;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { ws: { type: 'string' }, rest: { type: 'string' }, connections: { type: 'string', default: '1' } } });
  if (!values.ws || !values.rest) throw new Error('usage: baseline-consumer --ws URL --rest URL');
  const res = await fetch(values.rest);
  const body = (await res.json()) as { order_books: { market_id: number; status: string }[] };
  const ids = body.order_books.filter((m) => m.status === 'active').map((m) => m.market_id);

  let messages = 0;
  let bytes = 0;
  let parseErrors = 0;
  let last: unknown;
  const n = Math.max(1, Number(values.connections));
  const per = Math.ceil(ids.length / n);
  const sockets: WebSocket[] = [];
  let opened = 0;
  for (let k = 0; k * per < ids.length; k++) {
    const mine = ids.slice(k * per, (k + 1) * per);
    const ws = new WebSocket(values.ws, { maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
    sockets.push(ws);
    ws.on('message', (data: Buffer) => {
      messages++;
      bytes += data.length;
      try {
        last = JSON.parse(data.toString('utf8'));
        if ((last as { type?: string }).type === 'ping') ws.send('{"type":"pong"}');
      } catch { parseErrors++; }
    });
    ws.on('open', () => {
      for (const id of mine) ws.send(`{"type":"subscribe","channel":"order_book/${id}"}`);
      if (++opened === sockets.length) emit('started');
    });
    ws.on('error', (err) => console.error(`baseline-consumer: ${String(err)}`));
  }

  serveRpc({
    stats(): ConsumerStats {
      const u = process.cpuUsage();
      return { messages, bytes, parseErrors, cpuMicros: u.user + u.system, rss: process.memoryUsage.rss(), threads: threadCpu() };
    },
    stop() { for (const ws of sockets) ws.terminate(); return true; },
  });
}

main().catch((err) => { console.error(err); process.exit(1); });
