// In-process hot path without sockets: simulator frames → parseLighterFrame → the engine's
// listener (books + batcher, null sink). `tsx bench/src/hot-path.ts` (add --cpu-prof to profile).
import { createFrameGenerator } from '@ob/simulator';
import { parseLighterFrame } from '@ob/feeds';
import { createStreamer, createNullSink } from '@ob/streamer';
import type { FeedListener, FeedSource } from '@ob/core';
import { emptyFeedCounters } from '@ob/core';
const gen = createFrameGenerator({ seed: 1 });
const markets = gen.markets().map((m) => ({ id: m.id, symbol: m.symbol }));
let listener!: FeedListener;
const feed: FeedSource = { venue: 'lighter', url: 'x', start: async (l) => { listener = l; l.markets(markets); }, stop: async () => {}, setMarkets() {}, markets: () => markets, status: () => 'connected', counters: () => emptyFeedCounters() };
const streamer = createStreamer({ feed, source: 'x', sink: createNullSink() });
await streamer.start();
const N = 300_000;
const f2: string[] = []; for (const m of markets) f2.push(gen.snapshot(m.id)); for (let i = 0; i < N; i++) f2.push(Buffer.from(gen.next(1)).toString());
for (let r = 0; r < 3; r++) {
const t = performance.now();
for (let i = r === 0 ? 0 : markets.length; i < f2.length; i++) { const f = parseLighterFrame(f2[i]!, 0); if (f.type === 'book') listener.event(f.event); }
console.log(`parse+apply ${(f2.length / (performance.now() - t)).toFixed(0)}k/s`);
}
await streamer.stop();
