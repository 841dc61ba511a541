// Issue 5: Redis goes away for a while. The process lives on, books keep updating in memory,
// errors are counted, and once Redis is back every market that changed meanwhile is written.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@ob/testkit';
import type { BookSnapshot } from '@ob/protocol';
import { startPipeline, type Pipeline } from '../support/pipeline';

const DOWN_MS = Number(process.env.REDIS_DOWN_MS ?? 5_000);

describe(`Redis down for ${DOWN_MS} ms`, () => {
  let p: Pipeline;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => { unhandled.push(reason); };

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    p = await startPipeline({ sim: { rate: 2_000, seed: 5 }, settings: { batchIntervalMs: 50 } });
  });
  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await p.close();
  });

  it('keeps books in memory and writes every changed market when Redis returns', async () => {
    await waitFor(() => p.streamer.stats().totals.snapshots > 45, { message: 'writing' });
    await p.redis.kill();
    const seqAtKill = new Map(p.streamer.markets().map((m) => [m.symbol, m.seq]));
    // Redis stays down for DOWN_MS while the venue keeps trading: that is the fault being tested.
    await sleep(DOWN_MS);
    const down = p.streamer.stats();
    assert.equal(down.redis.status, 'down');
    assert.ok(down.totals.redisErrors > 0, 'write failures counted');
    assert.ok(down.pendingMarkets <= 45, `pending bounded by markets: ${down.pendingMarkets}`);
    const changed = p.streamer.markets().filter((m) => m.seq !== seqAtKill.get(m.symbol));
    assert.ok(changed.length > 5, `markets changed while down: ${changed.length}`);

    await p.redis.restart();
    const back = Date.now();
    await waitFor(async () => {
      for (const m of changed) {
        const raw = await p.reader.get(p.bookKey(m.symbol)).catch(() => null);
        if (raw === null || (JSON.parse(raw) as BookSnapshot).seq < m.seq) return false;
      }
      return true;
    }, { message: 'every market changed while Redis was down is written' });
    // Reported, not asserted: the machines are shared and timings are noisy.
    console.log(`# ${changed.length} changed markets rewritten ${Date.now() - back} ms after Redis returned`);
    assert.equal(p.streamer.stats().redis.status, 'writable');
    assert.deepEqual(unhandled, []);
  });
});
