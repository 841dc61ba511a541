// The registry's client side (VenueEntry.client(): market list, subscribe texts, keepalive) is
// all a plain `ws` client needs to get every market's frames from each venue's simulator: the
// bench's baseline consumer subscribes with nothing else.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import WebSocket from 'ws';
import { simulatedVenue, type RunningSimulator } from '@ob/simulator';
import { waitFor } from '@ob/testkit';
import { VENUES } from '../src/index';

/** How each venue says something went wrong: an error event or channel, or `success:false`. */
const ERROR_RE = /"error"|"success":\s*false/;

describe('VenueEntry.client()', () => {
  const sims: RunningSimulator[] = [];
  const sockets: WebSocket[] = [];
  after(async () => {
    for (const ws of sockets) ws.terminate();
    await Promise.all(sims.map((s) => s.stop().catch(() => {})));
  });

  for (const entry of VENUES) {
    test(`${entry.venue}: subscribing with its texts gets frames of every listed market, and no venue error`, async () => {
      const sim = await simulatedVenue(entry.venue)!.start({});
      sims.push(sim);
      const client = entry.client();
      const { markets } = await client.fetchMarkets({ restUrl: sim.restUrl, fetch });
      assert.ok(markets.length > 0, 'the venue lists markets');
      const unseen = new Set(markets.map((m) => m.symbol));
      const errors: string[] = [];
      const ws = new WebSocket(sim.wsUrl);
      sockets.push(ws);
      ws.on('message', (data: Buffer) => {
        const text = data.toString('utf8');
        if (ERROR_RE.test(text)) errors.push(text.slice(0, 200));
        // Frames name a market by its symbol as a JSON string; Lighter's by id in the channel.
        for (const m of markets) if (text.includes(`"${m.symbol}"`) || text.includes(`:${m.id}"`)) unseen.delete(m.symbol);
      });
      await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
      const texts = client.subscribe(markets);
      assert.ok(texts.length > 0);
      for (const t of texts) ws.send(t);
      await waitFor(() => unseen.size === 0 || errors.length > 0, { timeoutMs: 60_000, message: `frames of every ${entry.venue} market` });
      assert.deepEqual(errors, []);
      assert.ok(client.pingIntervalMs > 0);
      ws.terminate();
    });
  }
});
