// The baseline consumer, run as its own process: the least a client of a venue can do. It takes
// the venue's market list, subscribes over `ws` (same options as the real feed; the markets
// spread over --connections sockets, as the streamer's) with the venue's own subscribe texts (the
// registry's client side), keeps the sockets alive with the venue's ping, and JSON.parses each
// frame, nothing else. The streamer's throughput and CPU are reported as ratios against it.
import { parseArgs } from 'node:util';
import { MAX_FRAME_BYTES, venueEntry, venueNames } from '@ob/feeds';
import WebSocket from 'ws';
import type { ConsumerStats } from './consumer-stats';
import { emit, serveRpc } from './rpc';
import { threadCpu } from './thread-cpu';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      venue: { type: 'string', default: 'lighter' }, ws: { type: 'string' }, rest: { type: 'string' },
      /** Default: as many as the venue's markets per connection need. */
      connections: { type: 'string' },
      /** Comma-separated: only these markets (the streamer's); default every market listed. */
      symbols: { type: 'string' },
    },
  });
  if (!values.ws || !values.rest) throw new Error('usage: baseline-consumer [--venue NAME] --ws URL --rest URL [--connections N] [--symbols A,B]');
  const entry = venueEntry(values.venue!);
  if (!entry) throw new Error(`unknown venue ${values.venue}; venues: ${venueNames().join(', ')}`);
  const client = entry.client();
  const only = values.symbols ? new Set(values.symbols.split(',')) : undefined;
  const listed = (await client.fetchMarkets({ restUrl: values.rest, fetch })).markets;
  const markets = only ? listed.filter((m) => only.has(m.symbol)) : listed;

  let messages = 0;
  let bytes = 0;
  let parseErrors = 0;
  const n = Math.max(1, Number(values.connections ?? Math.ceil(markets.length / client.perConnection)));
  const per = Math.ceil(markets.length / n);
  const sockets: WebSocket[] = [];
  let opened = 0;
  for (let k = 0; k * per < markets.length; k++) {
    const mine = markets.slice(k * per, (k + 1) * per);
    const ws = new WebSocket(values.ws, { maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
    sockets.push(ws);
    ws.on('message', (data: Buffer) => {
      messages++;
      bytes += data.length;
      try { JSON.parse(data.toString('utf8')); } catch { parseErrors++; } // OKX's "pong" is plain text
    });
    ws.on('open', () => {
      for (const text of client.subscribe(mine)) ws.send(text);
      if (++opened === sockets.length) emit('started', { markets: markets.length, connections: sockets.length });
    });
    ws.on('error', (err) => console.error(`baseline-consumer: ${String(err)}`));
  }
  // The venue closes a connection its client is silent on (OKX after 30 s): the venue's keepalive.
  const ping = client.ping;
  const pinger = ping ? setInterval(() => { for (const ws of sockets) if (ws.readyState === WebSocket.OPEN) ws.send(ping); }, client.pingIntervalMs) : undefined;

  serveRpc({
    stats(): ConsumerStats {
      const u = process.cpuUsage();
      return { messages, bytes, parseErrors, cpuMicros: u.user + u.system, rss: process.memoryUsage.rss(), threads: threadCpu() };
    },
    stop() { clearInterval(pinger); for (const ws of sockets) ws.terminate(); return true; },
  });
}

main().catch((err) => { console.error(err); process.exit(1); });
