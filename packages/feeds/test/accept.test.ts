// CreateFeedOptions.accept (issue 16 shards a venue's markets over processes): a market it
// refuses is neither subscribed nor handed to the engine, so nothing of it is ever written.
// Through the registry, against the simulators: Lighter (the venue's own ids) and Binance USD-M
// (REST snapshots: none is fetched for a refused market).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BookEvent, MarketInfo } from '@ob/core';
import { createBinanceUsdmSimulator, createSimulator } from '@ob/simulator';
import { waitFor } from '@ob/testkit';
import { venueEntry, type RegisteredFeed } from '../src/index';
import { memoryLog } from './venue';

const open: Array<{ stop(): Promise<void> }> = [];
after(async () => { for (const o of open.reverse()) await o.stop(); });

function listen() {
  const events: BookEvent[] = [];
  const lists: MarketInfo[][] = [];
  return { events, lists, listener: { event: (ev: BookEvent) => { events.push(ev); }, invalidate: () => {}, markets: (l: readonly MarketInfo[]) => { lists.push([...l]); } } };
}

async function start(venue: string, urls: { wsUrl: string; restUrl: string }, accept: (symbol: string) => boolean) {
  const feed: RegisteredFeed = venueEntry(venue)!.createFeed({ ...urls, symbols: [], log: memoryLog(), accept });
  const l = listen();
  await feed.start(l.listener);
  open.push(feed);
  return { feed, ...l };
}

test('lighter: a feed accepting even market ids subscribes and delivers only those', async () => {
  const sim = createSimulator({ port: 0, markets: 10, rate: 1_000, seed: 3 });
  const urls = await sim.start();
  open.push(sim);
  const idOf = new Map(sim.markets().map((m) => [m.symbol, m.id]));
  const even = sim.markets().filter((m) => m.kind === 'perp' && m.id % 2 === 0).map((m) => m.id).sort((a, b) => a - b);
  assert.ok(even.length >= 3 && even.length < sim.markets().length);
  const { feed, events, lists } = await start('lighter', urls, (s) => idOf.get(s)! % 2 === 0);
  assert.deepEqual(feed.markets().map((m) => m.id), even, 'the even markets, no other');
  assert.deepEqual(lists.at(-1)!.map((m) => m.id), even, 'the engine is told of those alone');
  await waitFor(() => new Set(events.filter((e) => e.kind === 'snapshot').map((e) => e.market)).size === even.length, { message: 'a snapshot per even market' });
  await waitFor(() => events.length > 200, { message: 'deltas flowing' });
  assert.ok(events.every((e) => e.market % 2 === 0), 'no event of an odd market');
  assert.equal(feed.counters().subscribes, even.length, 'one subscribe per even market, nothing else');
  assert.deepEqual(sim.subscriptionsPerConnection(), [even.length]);
});

test('binance-usdm: refused markets get no stream and no REST snapshot', async () => {
  const sim = createBinanceUsdmSimulator({ port: 0, markets: 8, rate: 800, seed: 5 });
  const urls = await sim.start();
  open.push(sim);
  // The module numbers symbols in name order.
  const names = sim.symbols().slice().sort();
  const accepted = names.filter((_, id) => id % 2 === 0);
  const { feed, events } = await start('binance-usdm', urls, (s) => names.indexOf(s) % 2 === 0);
  assert.deepEqual(feed.markets().map((m) => m.symbol), accepted);
  assert.ok(feed.markets().every((m) => m.id % 2 === 0));
  await waitFor(() => new Set(events.filter((e) => e.kind === 'snapshot').map((e) => e.market)).size === accepted.length, { message: 'every accepted market synced' });
  assert.ok(events.every((e) => e.market % 2 === 0), 'no event of a refused market');
  assert.deepEqual(sim.clientStreams().flat().sort(), accepted.map((s) => `${s.toLowerCase()}@depth@100ms`).sort());
  assert.equal(sim.counters().depthRequests, accepted.length, 'one REST snapshot per accepted market');
});
