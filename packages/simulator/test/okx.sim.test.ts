// The OKX simulator through a raw ws client: REST shape and rate, subscribe/ack/snapshot/updates
// whose prevSeqId chain and checksums give the true book, the docs' errors, every enforced limit
// and every fault knob.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { waitFor } from '@ob/testkit';
import { createOkxSimulator, type OkxSimulator, type OkxSimulatorOptions } from '@ob/simulator';
import { connect, parse, type TestClient } from './helpers';
import { PairBook } from './pair-book';

const sims: OkxSimulator[] = [];
const clients: TestClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(sims.map((s) => s.stop()));
});
async function start(opts: OkxSimulatorOptions = {}) {
  const sim = createOkxSimulator({ port: 0, rate: 400, markets: 3, levels: 40, ...opts });
  sims.push(sim);
  return { sim, ...(await sim.start()) };
}
async function client(url: string) { const c = await connect(url); clients.push(c); return c; }

interface BookData { asks: string[][]; bids: string[][]; checksum: number; prevSeqId: number; seqId: number }
const books = (frames: readonly string[], instId: string) => frames.map(parse)
  .filter((m) => (m?.arg as { channel?: string; instId?: string } | undefined)?.instId === instId && typeof m?.action === 'string')
  .map((m) => ({ action: m!.action as string, ...(m!.data as BookData[])[0]! }));
const checksumOf = (b: PairBook) => {
  const bids = b.levels('bids');
  const asks = b.levels('asks');
  const parts: string[] = [];
  for (let i = 0; i < Math.min(25, Math.max(bids.length, asks.length)); i++) {
    if (bids[i]) parts.push(...bids[i]!);
    if (asks[i]) parts.push(...asks[i]!);
  }
  return crc32(parts.join(':')) | 0;
};
const subscribe = (c: TestClient, ...instIds: string[]) => c.send({ op: 'subscribe', args: instIds.map((instId) => ({ channel: 'books', instId })) });

test('REST: live swaps plus listed others; 20 requests per 2 s', async () => {
  const { sim, restUrl } = await start({ restPerTwoSeconds: 2 });
  const body = await (await fetch(`${restUrl}/api/v5/public/instruments?instType=SWAP`)).json() as { code: string; data: Record<string, unknown>[] };
  assert.equal(body.code, '0');
  assert.deepEqual(body.data.filter((d) => d.state === 'live').map((d) => d.instId), sim.instIds());
  assert.equal(body.data.length, sim.instIds().length + 2);
  await fetch(`${restUrl}/api/v5/public/instruments?instType=SWAP`);
  const limited = await fetch(`${restUrl}/api/v5/public/instruments?instType=SWAP`);
  assert.equal(limited.status, 429);
  assert.equal(((await limited.json()) as { code: string }).code, '50011');
  assert.equal(sim.counters().restRateLimited, 1);
});

test('ack, snapshot, updates: prevSeqId chains and every checksum matches the rebuilt book, which ends equal to the truth', async () => {
  const { sim, wsUrl } = await start();
  const c = await client(wsUrl);
  c.send({ id: '42', op: 'subscribe', args: [{ channel: 'books', instId: 'ETH-USDT-SWAP' }] });
  const ack = await c.waitFrame((t) => t.includes('"event":"subscribe"'));
  assert.deepEqual(parse(c.frames[ack]!), { id: '42', event: 'subscribe', arg: { channel: 'books', instId: 'ETH-USDT-SWAP' }, connId: parse(c.frames[ack]!)!.connId });
  await waitFor(() => books(c.frames, 'ETH-USDT-SWAP').length > 20, { message: 'updates' });
  sim.pause();
  const truth = sim.trueBook('ETH-USDT-SWAP');
  await waitFor(() => books(c.frames, 'ETH-USDT-SWAP').at(-1)?.seqId === truth.seqId);
  const book = new PairBook();
  let last = -2;
  for (const b of books(c.frames, 'ETH-USDT-SWAP')) {
    if (b.action === 'snapshot') { assert.equal(b.prevSeqId, -1); book.load(b.bids, b.asks); }
    else { assert.equal(b.prevSeqId, last, 'prevSeqId chains'); book.apply(b.bids, b.asks); }
    assert.equal(checksumOf(book), b.checksum, `checksum at ${b.seqId}`);
    last = b.seqId;
  }
  assert.deepEqual(book.levels('bids'), truth.bids);
  assert.deepEqual(book.levels('asks'), truth.asks);
  sim.resume();
});

test('ping/pong and the docs errors', async () => {
  const { sim, wsUrl } = await start({ maxMessageBytes: 1024 });
  const c = await client(wsUrl);
  c.send('ping');
  await c.waitFrame((t) => t === 'pong');
  const err = async (msg: unknown, code: string) => {
    const from = c.frames.length;
    c.send(msg);
    const i = await c.waitFrame((t) => t.includes('"event":"error"'), from, code);
    assert.equal(parse(c.frames[i]!)!.code, code, JSON.stringify(msg).slice(0, 60));
  };
  await err({ op: 'login', args: [] }, '60019');
  await err({ op: 'subscribe', args: [{ channel: 'books', instId: 'NOPE-USDT-SWAP' }] }, '60018');
  await err({ op: 'subscribe', args: [{ channel: 'books5', instId: 'BTC-USDT-SWAP' }] }, '60018');
  await err('{"op":', '60012');
  await err({ op: 'subscribe', args: Array.from({ length: 40 }, () => ({ channel: 'books', instId: 'BTC-USDT-SWAP' })) }, '60012');
  assert.equal(sim.counters().sizeBreaches, 1);
});

test('over 480 subscribe requests in the hour: 60014 and counted', async () => {
  const { sim, wsUrl } = await start({ subscribeMessagesPerHour: 3 });
  const c = await client(wsUrl);
  for (let i = 0; i < 3; i++) subscribe(c, 'BTC-USDT-SWAP');
  await waitFor(() => c.frames.filter((t) => t.includes('"event":"subscribe"')).length === 3);
  subscribe(c, 'BTC-USDT-SWAP');
  await c.waitFrame((t) => t.includes('"code":"60014"'));
  assert.equal(sim.counters().subscribeBreaches, 1);
});

test('nothing pushed for the idle time: closed; a client that pings is kept', async () => {
  // Pings at a tenth of the idle time, so a loaded machine's stalls cannot look like silence.
  const { sim, wsUrl } = await start({ idleCloseMs: 1_000 });
  const idle = await client(wsUrl);
  const pinger = await client(wsUrl);
  const timer = setInterval(() => pinger.send('ping'), 100);
  try {
    await waitFor(() => idle.closed, { message: 'idle closed' });
    await waitFor(() => sim.counters().pings >= 30, { message: 'pings over several idle periods' });
    assert.equal(pinger.closed, false);
    assert.equal(sim.counters().idleCloses, 1);
  } finally { clearInterval(timer); }
});

test('more than 3 connections a second per IP: 429 and counted', async () => {
  const { sim, wsUrl } = await start();
  for (let i = 0; i < 3; i++) await client(wsUrl);
  await assert.rejects(connect(wsUrl), /429/);
  assert.equal(sim.counters().connectionBreaches, 1);
});

test('a quiet book sends an empty heartbeat with seqId = prevSeqId', async () => {
  const { sim, wsUrl } = await start({ heartbeatMs: 100, rate: 0 });
  const c = await client(wsUrl);
  subscribe(c, 'SOL-USDT-SWAP');
  await waitFor(() => books(c.frames, 'SOL-USDT-SWAP').length >= 2, { message: 'a heartbeat' });
  const [snap, beat] = books(c.frames, 'SOL-USDT-SWAP');
  assert.deepEqual([beat!.action, beat!.prevSeqId, beat!.seqId, beat!.bids.length, beat!.asks.length], ['update', snap!.seqId, snap!.seqId, 0, 0]);
  assert.ok(sim.counters().heartbeats >= 1);
});

test('fault knobs: broken prevSeqId, wrong and zero checksums, sequence reset, delayed snapshot, notice', async () => {
  const { sim, wsUrl } = await start({ markets: 1 });
  const id = 'BTC-USDT-SWAP';
  const c = await client(wsUrl);
  subscribe(c, id);
  type Frame = ReturnType<typeof books>[number];
  /** Waits for the first frame after the fault that shows it (frames already in flight do not). */
  const shows = async (fault: () => void, pred: (f: Frame, prev: Frame) => boolean) => {
    const from = books(c.frames, id).length;
    fault();
    const i = await waitFor(() => {
      const bs = books(c.frames, id);
      for (let k = Math.max(1, from); k + 1 < bs.length; k++) if (pred(bs[k]!, bs[k - 1]!)) return k;
      return 0;
    }, { message: 'the fault on the wire' });
    return books(c.frames, id).slice(i - 1, i + 2);
  };
  await waitFor(() => books(c.frames, id).length > 2);
  const [, b, after1] = await shows(() => sim.faults.breakSeq(id), (f, prev) => f.prevSeqId !== prev.seqId);
  assert.equal(after1!.prevSeqId, b!.seqId, 'chained again after the break');
  /** seqIds whose checksum (when not 0) does not match the book rebuilt from the frames. */
  const wrongChecksums = () => {
    const replay = new PairBook();
    const wrong: number[] = [];
    for (const f of books(c.frames, id)) {
      if (f.action === 'snapshot') replay.load(f.bids, f.asks); else replay.apply(f.bids, f.asks);
      if (f.checksum !== 0 && f.checksum !== checksumOf(replay)) wrong.push(f.seqId);
    }
    return wrong;
  };
  assert.deepEqual(wrongChecksums(), []);
  sim.faults.checksumError(id);
  await waitFor(() => wrongChecksums().length > 0, { message: 'the wrong checksum' });
  const [r0, reset] = await shows(() => sim.faults.sequenceReset(id), (f) => f.seqId < f.prevSeqId);
  assert.equal(reset!.prevSeqId, r0!.seqId, 'restarted lower, still chained');
  await shows(() => sim.faults.zeroChecksums(true), (f) => f.checksum === 0);
  sim.faults.zeroChecksums(false);
  assert.equal(wrongChecksums().length, 1, 'exactly one frame, the faulted one, has a wrong checksum');

  sim.faults.delaySnapshots(300);
  const late = await client(wsUrl);
  subscribe(late, id);
  await late.waitFrame((t) => t.includes('"event":"subscribe"'));
  await waitFor(() => sim.counters().generated > 50 && books(late.frames, id).length > 0, { message: 'the late snapshot' });
  assert.equal(books(late.frames, id)[0]!.action, 'snapshot', 'no update before the delayed snapshot');
  sim.faults.notice();
  await c.waitFrame((t) => t.includes('"code":"64008"'));
});
