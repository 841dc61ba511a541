// Bybit parse, tracker, messages and market list on fixtures from the venue's docs and captured frames.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BookEvent, MarketInfo } from '@ob/core';
import { bybit, DELIVER, DROP, GAP } from '../src/index';
import * as F from './fixtures/bybit-frames';
import { fetchStub, json } from './fetch-stub';

const ids: Record<string, number> = { BTCUSDT: 0, ETHUSDT: 1, AAPLUSDT: 7 };
const lookup = (s: string) => ids[s] ?? -1;
const parse = (text: string) => bybit.parseBybitFrame(text, 1_800_000_000_000, lookup);
const eventOf = (text: string) => { const f = parse(text); assert.equal(f.type, 'book', text); return (f as { event: BookEvent }).event; };

describe('bybit parse', () => {
  test('the docs snapshot: whole book, seq u, exchangeTs the matching engine time (cts), exact strings', () => {
    const ev = eventOf(F.snapshotBtc);
    assert.deepEqual({ kind: ev.kind, market: ev.market, seq: ev.seq, prevSeq: ev.prevSeq, exchangeTs: ev.exchangeTs },
      { kind: 'snapshot', market: 0, seq: 18521288, prevSeq: -1, exchangeTs: 1672304484976 });
    assert.deepEqual(ev.bids, ['16493.50', '0.006', '16493.00', '0.100']);
    assert.deepEqual(ev.asks, ['16611.00', '0.029', '16612.00', '0.213']);
  });

  test('the docs delta: prevSeq u - 1, zero sizes keyed as deletes', () => {
    const ev = eventOf(F.deltaBtc);
    assert.deepEqual([ev.kind, ev.seq, ev.prevSeq], ['delta', 177400507, 177400506]);
    assert.equal(ev.bids.length, 10);
    assert.deepEqual([ev.bidKeys![4], ev.askKeys![0]], [-30240, -30248.7]);
    const aapl = eventOf(F.deltaAapl);
    assert.deepEqual([aapl.market, aapl.bids, aapl.asks], [7, ['340.82', '3.37'], []]);
  });

  test('u == 1 is a whole book whatever its type; ts may come as a numeric string', () => {
    const restart = eventOf(F.deltaBtc.replace('"u":177400507', '"u":1'));
    assert.deepEqual([restart.kind, restart.prevSeq], ['snapshot', -1]);
    const quoted = eventOf(F.deltaAapl.replace('"ts":1790134716101', '"ts":"1790134716101"').replace(',"cts":1790134716094', ''));
    assert.equal(quoted.exchangeTs, 1790134716101);
  });

  test('replies: acks name the markets of our req_id; pong; errors get a code and the market of their topic', () => {
    assert.deepEqual(parse(F.subscribeAck), { type: 'ack', markets: [] });
    assert.deepEqual(parse(F.subscribeAck.replace('"req_id":""', '"req_id":"sub:0,7"')), { type: 'ack', markets: [0, 7] });
    assert.deepEqual(parse(F.pong), { type: 'pong' });
    assert.deepEqual(parse(F.notFound), { type: 'error', code: 'handler-not-found', message: 'error:handler not found,topic:orderbook.50.NOPEUSDT' });
    assert.deepEqual(parse(F.alreadySubscribed), {
      type: 'error', code: 'already-subscribed', message: 'error:already subscribed,topic:orderbook.50.ETHUSDT', market: 1,
    });
    assert.equal((parse('{"success":false,"ret_msg":"args size >10","op":"subscribe"}') as { code: string }).code, 'args-size-10');
    assert.deepEqual(parse(F.tickerDelta), { type: 'unknown', name: 'tickers' }, 'no symbol in the name');
    assert.deepEqual(parse('{"topic":"orderbook.200.BTCUSDT","type":"delta","data":{}}'), { type: 'unknown', name: 'orderbook.200' });
    assert.deepEqual(parse('{"success":true,"op":"auth"}'), { type: 'unknown', name: 'op:auth' });
  });

  test('malformed frames are invalid, with a reason', () => {
    const d = (data: string, type = 'delta') => `{"topic":"orderbook.50.BTCUSDT","type":"${type}","ts":1,"data":${data}}`;
    const bad = [
      'nope', '[1]', '{}', d('{"s":"BTCUSDT","b":[],"a":[],"u":5}', 'update'), d('"x"'),
      d('{"s":"ETHUSDT","b":[],"a":[],"u":5}'), d('{"s":"BTCUSDT","b":[],"a":[],"u":"5"}'), d('{"s":"BTCUSDT","b":[],"a":[],"u":0}'),
      d('{"s":"BTCUSDT","b":[["1"]],"a":[],"u":5}'), d('{"s":"BTCUSDT","b":[[1,"1"]],"a":[],"u":5}'),
      d('{"s":"BTCUSDT","b":[["-1","1"]],"a":[],"u":5}'), d('{"s":"BTCUSDT","b":{},"a":[],"u":5}'),
      d('{"s":"BTCUSDT","b":[],"u":5}', 'snapshot'),
      '{"topic":"orderbook.50.BTCUSDT","type":"delta","ts":-1,"data":{"s":"BTCUSDT","b":[],"a":[],"u":5}}',
    ];
    for (const t of bad) assert.equal(parse(t).type, 'invalid', t);
    assert.equal(eventOf(d('{"s":"BTCUSDT","a":[["1","2"]],"u":5}')).bids.length, 0, 'a delta may leave out a side');
  });

  test('never throws: every prefix of every fixture parses to some frame', () => {
    const types = new Set(['book', 'ack', 'error', 'ping', 'pong', 'connected', 'unknown', 'invalid']);
    for (const t of [F.snapshotBtc, F.deltaBtc, F.alreadySubscribed, F.pong]) {
      for (let i = 0; i <= t.length; i++) assert.ok(types.has(parse(t.slice(0, i)).type));
    }
  });
});

describe('bybit tracker', () => {
  const ev = (kind: BookEvent['kind'], u: number, market = 3): BookEvent => ({
    kind, market, seq: u, prevSeq: kind === 'delta' ? u - 1 : -1, exchangeTs: 0, receivedTs: 0, bids: [], asks: [],
  });

  test('snapshot, then deltas u + 1; a jump is a gap; deltas before the snapshot are dropped', () => {
    const t = bybit.createBybitTracker();
    assert.equal(t.check(ev('snapshot', 10)), DROP, 'not subscribed');
    t.await(3, 0);
    assert.equal(t.check(ev('delta', 11)), DROP, 'no snapshot yet');
    assert.equal(t.check(ev('snapshot', 10)), DELIVER);
    assert.equal(t.check(ev('delta', 11)), DELIVER);
    assert.equal(t.check(ev('delta', 13)), GAP);
    assert.equal(t.check(ev('delta', 11)), GAP, 'a repeat is not continuous either');
    assert.deepEqual(t.counters(), { snapshotResets: 0, serviceRestarts: 0 });
  });

  test('a snapshot mid-stream or u == 1 resets the book and is counted; deltas continue from it', () => {
    const t = bybit.createBybitTracker();
    t.await(3, 0);
    t.check(ev('snapshot', 10));
    assert.equal(t.check(ev('snapshot', 50)), DELIVER);
    assert.equal(t.check(ev('delta', 51)), DELIVER);
    assert.equal(t.check(ev('snapshot', 1)), DELIVER);
    assert.equal(t.check(ev('delta', 2)), DELIVER);
    assert.deepEqual(t.counters(), { snapshotResets: 2, serviceRestarts: 1 });
  });
});

describe('bybit messages', () => {
  const markets: MarketInfo[] = Array.from({ length: 23 }, (_, i) => ({ id: i * 3, symbol: `S${i}USDT` }));

  test('at most 10 topics a message; the req_id names the market ids, and reads back', () => {
    const msgs = bybit.subscribe(markets).map((s) => JSON.parse(s) as { req_id: string; op: string; args: string[] });
    assert.deepEqual(msgs.map((m) => m.args.length), [10, 10, 3]);
    assert.equal(msgs[0]!.op, 'subscribe');
    assert.equal(msgs[2]!.args[2], 'orderbook.50.S22USDT');
    assert.deepEqual(bybit.marketsOfReqId(msgs[2]!.req_id), [60, 63, 66]);
    assert.equal((JSON.parse(bybit.unsubscribe(markets.slice(0, 1))[0]!) as { op: string }).op, 'unsubscribe');
    for (const junk of [undefined, '', 'sub:', 'sub:1,,2', 'sub:x', 7]) assert.deepEqual(bybit.marketsOfReqId(junk), []);
    assert.equal(bybit.PING, '{"op":"ping"}');
  });
});

describe('bybit market list', () => {
  test('follows nextPageCursor; keeps Trading perps (USDT and USDC); ids stay put when the list changes', async () => {
    const pages: Record<string, string> = {
      '': F.instrumentsPage(['BTCUSDT', F.instrument('BTC-27MAR26', { contractType: 'LinearFutures' }), 'ETHUSDT'], 'p2'),
      p2: F.instrumentsPage(['BTCPERP', F.instrument('NEWUSDT', { status: 'PreLaunch' }), F.instrument('OLDUSDT', { status: 'Closed' })]),
    };
    const stub = fetchStub((r) => json(pages[new URL(r.url).searchParams.get('cursor') ?? '']!));
    const venue = bybit.createBybitVenue();
    const first = await venue.fetchMarkets({ restUrl: 'http://venue/v5/market/instruments-info', fetch: stub.fetch });
    assert.deepEqual(first.markets.map((m) => [m.id, m.symbol]), [[0, 'BTCUSDT'], [1, 'ETHUSDT'], [2, 'BTCPERP']]);
    assert.deepEqual(first.markets[2]!.instrument, { base: 'BTC', quote: 'USDC', kind: 'perp' });
    assert.deepEqual([first.markets[0]!.priceDecimals, first.markets[0]!.sizeDecimals], [2, 3]);
    assert.deepEqual(stub.requests.map((r) => new URL(r.url).search), ['?category=linear&limit=1000', '?category=linear&limit=1000&cursor=p2']);
    pages[''] = F.instrumentsPage(['SOLUSDT', 'ETHUSDT', 'BTCUSDT']);
    const second = await venue.fetchMarkets({ restUrl: 'http://venue/v5/market/instruments-info', fetch: stub.fetch });
    assert.deepEqual(second.markets.map((m) => [m.id, m.symbol]), [[0, 'BTCUSDT'], [1, 'ETHUSDT'], [3, 'SOLUSDT']], 'a new symbol gets a new id');
    assert.equal((venue.decode(F.snapshotBtc, 0) as { event: BookEvent }).event.market, 0);
  });

  test('odd entries are skipped with a reason; a refused, looping or endless list rejects', async () => {
    const skipped: string[] = [];
    const got = bybit.selectInstruments([
      'x', F.instrument('bad symbol!'), F.instrument('AUSDT', { baseCoin: 7 }), F.instrument('BUSDT', { priceScale: 'two' }),
      F.instrument('CUSDT', { lotSizeFilter: { qtyStep: '1e-3' } }), F.instrument('DUSDT'), F.instrument('DUSDT'),
    ], { assign: () => 0, find: () => 0, symbolOf: () => undefined, size: 0 }, skipped, new Set());
    assert.deepEqual(got.map((m) => m.symbol), ['DUSDT']);
    assert.deepEqual(skipped, ['#0: not an object', '#1: bad symbol', 'AUSDT: bad baseCoin or quoteCoin',
      'BUSDT: bad priceScale or qtyStep', 'CUSDT: bad priceScale or qtyStep', 'DUSDT: listed twice']);
    const venue = bybit.createBybitVenue();
    const run = (answer: () => Response) => venue.fetchMarkets({ restUrl: 'http://v/i', fetch: fetchStub(answer).fetch });
    await assert.rejects(run(() => json('{"retCode":10001,"retMsg":"params error","result":{}}')), /retCode 10001 params error/);
    await assert.rejects(run(() => json(F.instrumentsPage(['BTCUSDT'], 'same'))), /cursor repeats/);
    let n = 0;
    await assert.rejects(run(() => json(F.instrumentsPage([], `c${n++}`))), new RegExp(`more than ${bybit.MAX_PAGES} pages`));
    await assert.rejects(run(() => new Response('access too frequent', { status: 403 })), /HTTP 403/);
  });
});
