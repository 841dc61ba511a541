// Record and replay (capture/): the format round-trips and rotates, bad files are refused with a
// clear error, and a capture of the production Lighter adapter against the simulator (a real
// WebSocket and REST), replayed through the same adapter, delivers the very same book events,
// receive times included, and the same reconnects. Binance USD-M too, whose books start from REST
// snapshots fetched in whatever order its weight budget grants them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BookEvent, FeedListener } from '@ob/core';
import { createBinanceUsdmSimulator, createSimulator } from '@ob/simulator';
import { waitFor } from '@ob/testkit';
import { binanceUsdm, capture, createLighterFeed, createVenueFeed } from '../src/index';
import { fastBackoff, memoryLog } from './venue';

const { createCaptureWriter, createRecorder, createReplay, listParts, readCapture, CaptureDirError, CaptureFormatError, FRAME, REST, DIAL } = capture;

const tempDir = () => mkdtempSync(join(tmpdir(), 'ob-capture-'));

async function allRecords(dir: string, truncated: string[] = []) {
  const out: capture.CaptureRecord[] = [];
  for await (const batch of readCapture(listParts(dir), { truncated: (p, why) => truncated.push(`${p}: ${why}`) })) out.push(...batch);
  return out;
}

test('records round-trip in order across rotated parts, frames of any size', async () => {
  const dir = join(tempDir(), 'cap');
  try {
    const w = createCaptureWriter({ dir, rotateBytes: 8 * 1024, log: memoryLog(), venue: 'lighter' });
    const texts: string[] = [];
    let seed = 1;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 3000; i++) {
      // Incompressible-ish text so parts fill; one frame bigger than a chunk; one with multi-byte UTF-8.
      const n = i === 1500 ? 200_000 : Math.floor(rnd() * 300);
      texts.push(`{"i":${i},"x":"${Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(rnd() * 26))).join('')}${i === 7 ? 'é€😀' : ''}"}`);
    }
    w.record(REST, 1, 1000, JSON.stringify({ url: 'http://x/list', status: 200, contentType: 'application/json', body: '{}' }));
    w.record(DIAL, 1, 1001, JSON.stringify({ url: 'ws://x/stream' }));
    // In rounds, each waited out until gzip has written some of it: the part's size on disk
    // (what rotation goes by) is known only once gzip has compressed.
    for (let r = 0; r < 6; r++) {
      const before = w.stats().bytes;
      for (let i = r * 500; i < (r + 1) * 500; i++) w.frame(1, 2000 + i * 0.5, texts[i]!);
      await waitFor(() => w.stats().bytes > before, { message: `gzip output in round ${r}` });
    }
    await w.close();
    const st = w.stats();
    assert.equal(st.frames, 3000);
    assert.ok(st.parts >= 3, `rotated into ${st.parts} parts`);
    assert.equal(st.rotations, st.parts - 1);
    assert.equal(readdirSync(dir).length, st.parts);
    const recs = await allRecords(dir);
    assert.deepEqual(recs.slice(0, 2).map((r) => [r.kind, r.conn, r.ts]), [[REST, 1, 1000], [DIAL, 1, 1001]]);
    const frames = recs.filter((r) => r.kind === FRAME);
    assert.equal(frames.length, 3000);
    frames.forEach((f, i) => {
      assert.equal(f.ts, 2000 + i * 0.5);
      assert.equal(f.payload.toString('utf8'), texts[i]);
    });
    assert.throws(() => createCaptureWriter({ dir, log: memoryLog() }), CaptureDirError, 'never writes over a capture');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a file that is not a capture is refused by name; a part cut short replays what it holds', async () => {
  const dir = tempDir();
  try {
    assert.throws(() => listParts(dir), /holds no capture/);
    assert.throws(() => listParts(join(dir, 'missing')), /cannot read the capture directory/);
    writeFileSync(join(dir, 'capture-000001.obcap.gz'), gzipSync('{"hello":"world"}\n'));
    await assert.rejects(allRecords(dir), (e: Error) => e instanceof CaptureFormatError && /not a capture part/.test(e.message));

    const good = join(dir, 'good');
    const w = createCaptureWriter({ dir: good, log: memoryLog() });
    for (let i = 0; i < 500; i++) w.frame(1, i, `{"n":${i},"pad":"${'z'.repeat(i % 50)}${i * 7919}"}`);
    await w.close();
    const part = join(good, 'capture-000001.obcap.gz');
    const bytes = readFileSync(part);
    writeFileSync(part, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const truncated: string[] = [];
    const recs = await allRecords(good, truncated);
    assert.equal(truncated.length, 1, 'the cut is reported');
    assert.ok(recs.length > 0 && recs.length < 500, `${recs.length} whole records before the cut`);
    recs.forEach((r, i) => assert.equal(r.ts, i, 'in order, none invented'));
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

interface Seen { events: BookEvent[]; invalidations: string[]; listener: FeedListener }
function listen(): Seen {
  const s: Seen = {
    events: [], invalidations: [],
    listener: {
      event: (ev) => { s.events.push(structuredClone(ev)); },
      invalidate: (m, reason) => { s.invalidations.push(`${m}:${reason}`); },
      markets: () => {},
    },
  };
  return s;
}

test('a live capture replayed through the production adapter gives the same events, times and reconnects', async () => {
  const dir = join(tempDir(), 'cap');
  const sim = createSimulator({ port: 0, seed: 11, markets: 12, rate: 2_000 });
  const { wsUrl, restUrl } = await sim.start();
  try {
    // Live: the real socket and fetch, wrapped by the recorder.
    const writer = createCaptureWriter({ dir, log: memoryLog(), venue: 'lighter', rotateBytes: 64 * 1024 });
    const rec = createRecorder({ writer });
    const live = listen();
    const feed = createLighterFeed({ wsUrl, restUrl, log: memoryLog(), backoff: fastBackoff, ...rec });
    await feed.start(live.listener);
    await waitFor(() => live.events.length >= 1_500, { message: 'live events before the drop' });
    sim.faults.dropConnections();
    await waitFor(() => feed.counters().reconnects === 1 && feed.status() === 'connected', { message: 'reconnected' });
    sim.faults.sendGarbage(3, 'not-json');
    await waitFor(() => feed.counters().parseErrors >= 3 && live.events.length >= 4_000, { message: 'live events after the drop' });
    await feed.stop();
    await writer.close();
    const liveCounters = feed.counters();
    assert.equal(writer.stats().connections, 2);

    // Replay at full speed into a new adapter; nothing else is reachable.
    const replay = createReplay({ dir, speed: 'max', log: memoryLog() });
    const again = listen();
    const feed2 = createLighterFeed({ wsUrl: 'ws://replay.invalid/stream', restUrl: 'http://replay.invalid/list', log: memoryLog(), backoff: fastBackoff, connect: replay.connect, fetch: replay.fetch, clock: replay.clock });
    await feed2.start(again.listener);
    await replay.ended;
    const st = replay.stats();
    assert.equal(st.state, 'ended');
    assert.equal(st.progress, 1);
    assert.equal(st.skippedFrames, 0);
    assert.equal(st.frames, liveCounters.messages);
    const c2 = feed2.counters();
    assert.equal(c2.messages, liveCounters.messages);
    assert.equal(c2.bytes, liveCounters.bytes);
    assert.equal(c2.parseErrors, liveCounters.parseErrors);
    assert.equal(c2.reconnects, 1, 'the venue\'s drop is replayed as a drop');
    assert.deepEqual(again.invalidations, live.invalidations);
    assert.equal(again.events.length, live.events.length);
    assert.deepEqual(again.events, live.events, 'every event equal, receivedTs included');
    await feed2.stop();
    replay.stop();
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Each market's events in order; a REST snapshot's receivedTs (when its answer was read) left out. */
function byMarket(events: readonly BookEvent[]): Map<number, unknown[]> {
  const out = new Map<number, unknown[]>();
  for (const ev of events) {
    const list = out.get(ev.market) ?? [];
    list.push(ev.kind === 'snapshot' ? { ...ev, receivedTs: 0 } : ev);
    out.set(ev.market, list);
  }
  return out;
}

test('a Binance USD-M capture, REST snapshots included, replays to the very same events per market', async () => {
  const dir = join(tempDir(), 'cap');
  const sim = createBinanceUsdmSimulator({ port: 0, seed: 9, markets: 5, rate: 1_500, levels: 30 });
  const urls = await sim.start();
  const stops: Array<() => unknown> = [];
  try {
    const writer = createCaptureWriter({ dir, log: memoryLog(), venue: 'binance-usdm' });
    const live = listen();
    const feed = createVenueFeed(binanceUsdm.createBinanceUsdmVenue(), { ...urls, log: memoryLog(), backoff: fastBackoff, ...createRecorder({ writer }) });
    stops.push(() => feed.stop(), () => writer.close());
    await feed.start(live.listener);
    const snapshots = (s: Seen) => s.events.filter((e) => e.kind === 'snapshot').length;
    await waitFor(() => snapshots(live) === 5 && live.events.length >= 500, { message: 'synced, deltas flowing' });
    sim.faults.breakPu('ETHUSDT');
    await waitFor(() => feed.counters().gaps === 1 && snapshots(live) === 6, { message: 'the gap resynced from REST' });
    sim.faults.dropConnections();
    await waitFor(() => feed.counters().reconnects === 1 && snapshots(live) === 11, { message: 'reconnected and resynced' });
    const at = live.events.length;
    await waitFor(() => live.events.length >= at + 300, { message: 'deltas after the reconnect' });
    await feed.stop();
    await writer.close();
    const liveCounters = feed.counters();

    const replay = createReplay({ dir, speed: 'max', log: memoryLog() });
    stops.push(() => replay.stop());
    const again = listen();
    const feed2 = createVenueFeed(binanceUsdm.createBinanceUsdmVenue(), {
      wsUrl: 'ws://replay.invalid/public/ws', restUrl: 'replay:cap', log: memoryLog(), backoff: fastBackoff,
      connect: replay.connect, fetch: replay.fetch, clock: replay.clock,
    });
    stops.push(() => feed2.stop());
    await feed2.start(again.listener);
    await replay.ended;
    assert.equal(replay.stats().state, 'ended');
    await waitFor(() => again.events.length === live.events.length, { message: `replayed events: ${again.events.length} of ${live.events.length}` });
    const c2 = feed2.counters();
    assert.deepEqual([c2.messages, c2.gaps, c2.reconnects, c2.snapshotRequests, c2.snapshotFailures],
      [liveCounters.messages, liveCounters.gaps, liveCounters.reconnects, liveCounters.snapshotRequests, liveCounters.snapshotFailures]);
    assert.deepEqual(again.invalidations, live.invalidations);
    assert.deepEqual(byMarket(again.events), byMarket(live.events), 'every market\'s events equal, delta receive times included');
  } finally {
    for (const stop of stops.reverse()) await stop();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('at a finite speed the recorded timing is kept, scaled', async () => {
  const dir = join(tempDir(), 'cap');
  try {
    const w = createCaptureWriter({ dir, log: memoryLog() });
    w.record(REST, 1, 0, JSON.stringify({ url: 'http://x', status: 200, contentType: 'application/json', body: '{}' }));
    w.record(DIAL, 1, 0, JSON.stringify({ url: 'ws://x' }));
    w.record(capture.OPEN, 1, 0, Buffer.alloc(0));
    for (let i = 0; i <= 10; i++) w.frame(1, i * 100, `{"i":${i}}`);
    await w.close();
    const replay = createReplay({ dir, speed: 4, log: memoryLog() });
    const got: { text: string; at: number }[] = [];
    const t0 = performance.now();
    replay.connect('ws://x', { maxPayload: 1e6, handshakeTimeoutMs: 1000 }, {
      open() {}, error() {}, close() {},
      message: (text) => { got.push({ text, at: replay.clock.now() }); },
    });
    await replay.ended;
    const elapsed = performance.now() - t0;
    assert.deepEqual(got.map((g) => g.text), Array.from({ length: 11 }, (_, i) => `{"i":${i}}`));
    assert.deepEqual(got.map((g) => g.at), Array.from({ length: 11 }, (_, i) => i * 100), 'the clock reads each frame\'s recorded time');
    // A lower bound only (a busy machine makes it longer, never shorter): 1 s recorded at 4x.
    assert.ok(elapsed >= 240, `took ${elapsed.toFixed(0)} ms, at least 250 ms expected`);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
