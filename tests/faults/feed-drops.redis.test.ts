// Issue 5: the venue drops the connection every few seconds and skips nonces; at the end every
// book in Redis equals the simulator's, and no snapshot was ever written across a gap.
// FAULT_SECONDS sets how long (npm test: a short run; npm run test:soak: a minute).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@ob/testkit';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { ContinuityLog } from '../support/continuity-log';
import { booksMismatches } from '../support/books';

const SECONDS = Number(process.env.FAULT_SECONDS ?? 10);
const DROP_EVERY_MS = 2_000;

describe(`feed faults for ${SECONDS} s: drops every ${DROP_EVERY_MS} ms and skipped nonces`, () => {
  const log = new ContinuityLog();
  let p: Pipeline;

  before(async () => {
    p = await startPipeline({
      // A reconnect resubscribes 45 markets; one every 2 s is more than the venue's 200 messages
      // a minute allow, so both sides count in a 5 s window (the client stays inside it, the
      // strict simulator would count a breach).
      sim: { rate: 2_000, seed: 11, messageWindowMs: 5_000 },
      settings: { batchIntervalMs: 20 },
      feed: { backoff: { baseMs: 50, maxMs: 400 }, limits: { messageWindowMs: 5_000 } },
      wrap: { feed: (f) => log.wrapFeed(f), sink: (s) => log.wrapSink(s) },
    });
  });
  after(async () => { await p.close(); });

  it('ends with every Redis book equal to the venue and never wrote across a gap', async () => {
    await waitFor(() => p.streamer.stats().feed.validMarkets === 45, { message: 'all markets valid' });
    const markets = p.sim.markets();
    const deadline = Date.now() + SECONDS * 1000;
    let drops = 0;
    let skips = 0;
    let nextDrop = Date.now() + DROP_EVERY_MS;
    // Faults are injected on a schedule; this loop paces them, nothing is asserted on time.
    while (Date.now() < deadline) {
      await sleep(100);
      if (Date.now() >= nextDrop) { p.sim.faults.dropConnections(); drops++; nextDrop += DROP_EVERY_MS; }
      else if (Math.random() < 0.2) { p.sim.faults.skipNonce(markets[Math.floor(Math.random() * markets.length)]!.id); skips++; }
    }
    await waitFor(() => p.feed.counters().reconnects >= drops, { message: `${drops} reconnects` });
    await waitFor(() => p.streamer.stats().feed.validMarkets === 45, { message: 'all markets valid again' });
    p.sim.pause();
    await waitFor(async () => (await booksMismatches(p)).length === 0, { timeoutMs: 60_000, message: 'Redis books equal the simulator' });

    assert.ok(drops >= 1 && skips >= 1, `faults injected: ${drops} drops, ${skips} skips`);
    assert.ok(p.feed.counters().gaps >= 1, 'gaps were detected');
    assert.ok(log.writes > 0);
    assert.deepEqual(log.violations(), [], 'no write from a book built across a gap');
    const b = p.sim.breaches();
    assert.equal(b.messagesPerMinute + b.messagesInFlight + b.alreadySubscribed + b.subscriptionsPerConnection, 0, `no limit breached: ${JSON.stringify(b)}`);
  });
});
