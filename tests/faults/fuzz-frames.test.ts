// Issue 5: 10,000 malformed frames and a 10 MB one through the real Lighter adapter into the
// engine: no crash, every frame counted, no book changed by them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WebSocket } from 'ws';
import { createLighterFeed, type LighterFeed } from '@ob/feeds';
import { createNullSink, createStreamer, type Streamer } from '@ob/streamer';
import { waitFor } from '@ob/testkit';
import { silentLog as quiet } from '@ob/core';
import { bookFrame, startScriptedVenue, type ScriptedVenue } from '../support/scripted-venue';
import { fuzzCorpus } from '../support/fuzz-corpus';

const MARKETS = [{ id: 0, symbol: 'ETH' }, { id: 1, symbol: 'BTC' }, { id: 2, symbol: 'SOL' }];
const FRAMES = 10_000;

const BIDS: [string, string][] = [['100.0', '1.0'], ['99.5', '2.0']];
const ASKS: [string, string][] = [['101.0', '1.5'], ['101.5', '3.0']];

function sendSnapshots(ws: WebSocket, nonce: number): void {
  for (const m of MARKETS) ws.send(bookFrame('subscribed/order_book', m.id, nonce, 0, BIDS, ASKS));
}

describe('hostile frames from the venue', () => {
  let venue: ScriptedVenue;
  let feed: LighterFeed;
  let streamer: Streamer;
  let ws: WebSocket;

  before(async () => {
    venue = await startScriptedVenue(MARKETS);
    feed = createLighterFeed({ wsUrl: venue.wsUrl, restUrl: venue.restUrl, log: quiet, backoff: { baseMs: 20, maxMs: 100 } });
    streamer = createStreamer({ feed, source: 'scripted', sink: createNullSink(), log: quiet });
    const connected = venue.nextSubscribed();
    await streamer.start();
    ws = await connected;
    sendSnapshots(ws, 10);
    await waitFor(() => streamer.stats().feed.validMarkets === 3, { message: 'books from snapshots' });
  });
  after(async () => { await streamer.stop(); await venue.close(); });

  it(`counts and skips ${FRAMES} malformed frames without touching a book`, async () => {
    const before = { ...feed.counters() };
    const kinds = new Map<string, number>();
    for (const { kind, frame } of fuzzCorpus(FRAMES, 0, 10, 42)) {
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      ws.send(frame);
    }
    // A valid delta after the corpus: once it is applied, every frame before it was handled.
    ws.send(bookFrame('update/order_book', 0, 11, 10, [['100.0', '0']], []));
    await waitFor(() => streamer.book('ETH', 10)?.seq === 11, { message: 'the delta after the corpus' });

    const c = feed.counters();
    const refused = (c.parseErrors - before.parseErrors) + (c.unknownTypes - before.unknownTypes);
    assert.equal(refused, FRAMES, `every bad frame counted (kinds: ${JSON.stringify(Object.fromEntries(kinds))})`);
    assert.equal(c.gaps, before.gaps, 'no frame was taken for a book update');
    assert.equal(c.reconnects, before.reconnects);
    assert.deepEqual(streamer.book('ETH', 10)?.bids, [['99.5', '2.0']], 'only the valid delta changed ETH');
    assert.deepEqual(streamer.book('ETH', 10)?.asks, ASKS);
    for (const symbol of ['BTC', 'SOL']) assert.deepEqual(streamer.book(symbol, 10)?.bids, BIDS, `${symbol} untouched`);
  });

  it('refuses a 10 MB frame by size, reconnects and re-snapshots', async () => {
    const before = { ...feed.counters() };
    const reconnected = venue.nextSubscribed();
    ws.send(`{"type":"update/order_book","pad":"${'x'.repeat(10 * 1024 * 1024)}"}`);
    await waitFor(() => feed.counters().oversizeFrames === before.oversizeFrames + 1, { message: 'oversize frame counted' });
    ws = await reconnected;
    assert.ok(streamer.stats().feed.validMarkets < 3, 'books invalid until the fresh snapshots');
    sendSnapshots(ws, 20);
    await waitFor(() => streamer.stats().feed.validMarkets === 3 && streamer.book('BTC', 10)?.seq === 20, { message: 'fresh snapshots applied' });
    assert.equal(feed.counters().reconnects, before.reconnects + 1);
  });
});
