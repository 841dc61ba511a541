// Issue 20.5: a Redis that stays away fails a flush about twice a second (the retry backoff's
// cap); each used to log a line. Now LOG_BURST lines, then one per LOG_INTERVAL_MS carrying
// how many were not logged, and one line when writes resume.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOG_BURST, LOG_INTERVAL_MS, type Logger } from '@ob/core';
import { createStreamer } from '../src/create-streamer';
import { RETRY_MAX_MS } from '../src/batcher';
import { connectionErrorLogger } from '../src/redis-limits';
import { FakeClock } from './fake-clock';
import { book, FakeFeed, marketList } from './fake-feed';
import { RecordingSink } from './recording-sink';

interface Line { level: string; obj: Record<string, unknown>; msg: string }

function capture(): { log: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: string) => (obj: object | string, msg?: string) => {
    lines.push(typeof obj === 'string' ? { level, obj: {}, msg: obj } : { level, obj: obj as Record<string, unknown>, msg: msg ?? '' });
  };
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') } };
}

test('redis write failures: a burst of lines, then one per interval with the count suppressed, then one saying writes resumed', async () => {
  const clock = new FakeClock();
  const feed = new FakeFeed(marketList(2), 'testvenue', () => clock.now());
  const sink = new RecordingSink();
  const { log, lines } = capture();
  const streamer = createStreamer({ feed, source: 'test', sink, clock, log, settings: { batchIntervalMs: 100 } });
  await streamer.start();
  sink.mode = 'fail';
  const b = book(100);
  feed.snapshot(0, b.bids, b.asks);
  const minutes = 2;
  await clock.advance(minutes * 60_000);

  const failures = streamer.stats().totals.redisErrors;
  assert.ok(failures >= (minutes * 60_000) / RETRY_MAX_MS - 10, `the flush kept failing (${failures})`);
  const failed = lines.filter((l) => l.msg.startsWith('redis write failed'));
  assert.ok(failed.length <= LOG_BURST + (minutes * 60_000) / LOG_INTERVAL_MS + 1, `${failed.length} lines for ${failures} failures`);
  assert.ok(failed.length > LOG_BURST, 'still says so now and then');
  const suppressed = failed.reduce((n, l) => n + Number(l.obj.suppressed ?? 0), 0);
  assert.ok(failed.slice(LOG_BURST).every((l) => Number(l.obj.suppressed) > 0), 'each later line carries the count it stands for');
  // Every failure is either a line or counted in one, but for those since the last line.
  assert.ok(failed.length + suppressed <= failures && failures - failed.length - suppressed < LOG_INTERVAL_MS / RETRY_MAX_MS + 2,
    `${failed.length} lines + ${suppressed} suppressed of ${failures}`);

  sink.mode = 'ok';
  await clock.advance(RETRY_MAX_MS + 10);
  const resumed = lines.filter((l) => l.msg.startsWith('redis writes resumed'));
  assert.equal(resumed.length, 1);
  assert.equal(resumed[0]!.obj.failed, failures);
  await streamer.stop();
});

test('redis connection errors: one line per interval, the next one counting those not logged', async () => {
  const { log, lines } = capture();
  const onError = connectionErrorLogger(log, 50);
  const t0 = Date.now();
  for (let i = 0; i < 100; i++) onError(new Error('ECONNREFUSED'));
  assert.equal(lines.length, 1);
  assert.equal(lines[0]!.obj.suppressed, undefined);
  while (Date.now() - t0 <= 60) await new Promise((resolve) => setImmediate(resolve)); // the interval is wall-clock time
  onError(new Error('ECONNREFUSED'));
  assert.equal(lines.length, 2);
  assert.equal(lines[1]!.obj.suppressed, 99);
});
