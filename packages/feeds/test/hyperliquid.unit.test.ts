// Hyperliquid parse, tracker, messages and market list on fixtures from the venue's SDKs and docs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BookEvent } from '@ob/core';
import { AWAITING, DELIVER, DROP, hyperliquid, LIVE } from '../src/index';
import { MAX_ERROR_MESSAGE_CHARS } from '../src/shared/levels';
import * as F from './fixtures/hyperliquid-frames';
import { fetchStub, json } from './fetch-stub';

const ids: Record<string, number> = { BTC: 0, ETH: 1, DYDX: 4 };
const lookup = (coin: string) => ids[coin] ?? -1;
const parse = (text: string) => hyperliquid.parseHyperliquidFrame(text, 1_700_000_000_000, lookup);

describe('hyperliquid parse', () => {
  test('an l2Book message is a whole-book snapshot: seq and exchangeTs are its time, levels the exact strings', () => {
    const f = parse(F.l2BookDydx);
    assert.equal(f.type, 'book');
    const ev = (f as { event: BookEvent }).event;
    assert.deepEqual({ kind: ev.kind, market: ev.market, seq: ev.seq, prevSeq: ev.prevSeq, exchangeTs: ev.exchangeTs, receivedTs: ev.receivedTs },
      { kind: 'snapshot', market: 4, seq: 1689630203930, prevSeq: -1, exchangeTs: 1689630203930, receivedTs: 1_700_000_000_000 });
    assert.deepEqual(ev.bids, ['2.111', '134.4', '2.1105', '141.1', '2.1052', '2800.9']);
    assert.deepEqual(ev.asks, ['2.1124', '352.3', '2.1125', '364.9', '2.1141', '1981.3']);
    assert.deepEqual(ev.bidKeys, [2.111, 2.1105, 2.1052]);
  });

  test('a coin we do not stream gets market -1 (every tracker drops it)', () => {
    const f = parse(F.l2BookDydx.replace('"DYDX"', '"SOL"'));
    assert.equal(f.type === 'book' && f.event.market, -1);
  });

  test('greeting, pong, acks (naming the coin), unknown channels', () => {
    assert.deepEqual(parse(F.greeting), { type: 'connected' });
    assert.deepEqual(parse(F.pong), { type: 'pong' });
    assert.deepEqual(parse(F.subscribedBtc), { type: 'ack', markets: [0] });
    assert.deepEqual(parse(F.unsubscribedBtc), { type: 'ack', markets: [0] });
    assert.deepEqual(parse(F.subscribedBtc.replace('"BTC"', '"XYZ"')), { type: 'ack', markets: [] });
    assert.deepEqual(parse('{"channel":"trades","data":[]}'), { type: 'unknown', name: 'trades' });
  });

  test('error texts get a code, and the market their echo names', () => {
    const e = (t: string) => parse(t) as { type: string; code: string; market?: number; message: string };
    assert.deepEqual([e(F.errors.alreadySubscribed).code, e(F.errors.alreadySubscribed).market], ['already-subscribed', 1]);
    assert.deepEqual([e(F.errors.invalid).code, e(F.errors.invalid).market], ['invalid-subscription', undefined]);
    assert.deepEqual([e(F.errors.alreadyUnsubscribed).code, e(F.errors.alreadyUnsubscribed).market], ['already-unsubscribed', 0]);
    assert.equal(e(F.errors.subscriptions).code, 'subscription-limit');
    assert.equal(e(F.errors.rate).code, 'message-rate');
    assert.equal(e(F.errors.users).code, 'error');
    assert.equal(e(F.errors.rate).message, 'Cannot send more than 2000 messages per minute.');
    assert.equal(e(`{"channel":"error","data":"${'x'.repeat(5000)}"}`).message.length, MAX_ERROR_MESSAGE_CHARS);
  });

  test('malformed frames are invalid, with a reason', () => {
    const bad = [
      'not json', '[]', '{"data":{}}', '{"channel":"l2Book"}', '{"channel":"l2Book","data":{"time":1,"levels":[[],[]]}}',
      '{"channel":"l2Book","data":{"coin":"BTC","time":"1","levels":[[],[]]}}',
      '{"channel":"l2Book","data":{"coin":"BTC","time":0,"levels":[[],[]]}}',
      '{"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[]]}}',
      '{"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[{"px":"1","sz":"x"}],[]]}}',
      '{"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[{"px":"0","sz":"1"}],[]]}}',
      '{"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[{"px":"1e999","sz":"1"}],[]]}}',
      '{"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[["1","1"]],[]]}}',
      '{"channel":"subscriptionResponse","data":{}}', '{"channel":"error","data":{"x":1}}',
    ];
    for (const t of bad) {
      const f = parse(t);
      assert.equal(f.type, 'invalid', t);
      assert.ok(f.type === 'invalid' && f.reason.length > 0);
    }
  });

  test('never throws: every prefix of every fixture parses to some frame', () => {
    const types = new Set(['book', 'ack', 'error', 'ping', 'pong', 'connected', 'unknown', 'invalid']);
    for (const t of [F.l2BookDydx, F.subscribedBtc, F.errors.alreadyUnsubscribed, F.pong]) {
      for (let i = 0; i <= t.length; i++) assert.ok(types.has(parse(t.slice(0, i)).type));
    }
  });
});

describe('hyperliquid tracker', () => {
  const ev = (market: number, time: number): BookEvent => ({
    kind: 'snapshot', market, seq: time, prevSeq: -1, exchangeTs: time, receivedTs: time, bids: [], asks: [],
  });

  test('drops unsubscribed coins, delivers the newest book, refuses and counts an older one', () => {
    const t = hyperliquid.createHyperliquidTracker();
    assert.equal(t.check(ev(1, 100)), DROP, 'not subscribed');
    t.await(1, 0);
    assert.equal(t.check(ev(1, 100)), DELIVER);
    assert.equal(t.phase[1], LIVE);
    assert.equal(t.check(ev(1, 100)), DELIVER, 'the same time again: harmless');
    assert.equal(t.check(ev(1, 99)), DROP);
    assert.equal(t.check(ev(1, 101)), DELIVER);
    assert.deepEqual(t.counters(), { stale: 1 });
    assert.equal(t.check(ev(-1, 200)), DROP, 'unknown coin');
    assert.equal(t.check(ev(99_999, 200)), DROP, 'id out of range');
  });

  test('the last time survives a resubscribe: a late frame from before cannot win', () => {
    const t = hyperliquid.createHyperliquidTracker();
    t.await(2, 0);
    t.check(ev(2, 500));
    t.idle(2);
    assert.equal(t.check(ev(2, 600)), DROP, 'idle');
    t.await(2, 10);
    assert.equal(t.phase[2], AWAITING);
    assert.equal(t.awaitingSince[2], 10);
    assert.equal(t.check(ev(2, 400)), DROP);
    assert.equal(t.check(ev(2, 700)), DELIVER);
    assert.equal(t.counters().stale, 1);
  });
});

describe('hyperliquid messages', () => {
  test('one subscription per message, unsubscribe naming it exactly, ping', () => {
    const m = [{ id: 0, symbol: 'BTC' }, { id: 5, symbol: 'kPEPE' }];
    assert.deepEqual(hyperliquid.createHyperliquidVenue().subscribe(m).map((s) => JSON.parse(s)), [
      { method: 'subscribe', subscription: { type: 'l2Book', coin: 'BTC', nSigFigs: null, mantissa: null } },
      { method: 'subscribe', subscription: { type: 'l2Book', coin: 'kPEPE', nSigFigs: null, mantissa: null } },
    ]);
    assert.deepEqual(JSON.parse(hyperliquid.unsubscribeMsg('BTC')).subscription, JSON.parse(hyperliquid.subscribeMsg('BTC')).subscription);
    assert.equal(hyperliquid.PING, '{"method":"ping"}');
  });
});

describe('hyperliquid market list', () => {
  test('meta: ids are universe indices, delisted coins left out, kPEPE is base 1000PEPE, quote USDC', () => {
    const { markets, skipped } = hyperliquid.parseMeta(JSON.parse(F.meta));
    assert.deepEqual(markets.map((m) => [m.id, m.symbol]), [[0, 'BTC'], [1, 'ETH'], [2, 'ATOM'], [4, 'DYDX'], [5, 'kPEPE']]);
    assert.deepEqual(skipped, []);
    assert.deepEqual(markets[4]!.instrument, { base: '1000PEPE', quote: 'USDC', kind: 'perp' });
    assert.deepEqual(markets[0]!.instrument, { base: 'BTC', quote: 'USDC', kind: 'perp' });
    assert.deepEqual([markets[0]!.sizeDecimals, markets[0]!.priceDecimals], [5, 1]);
  });

  test('odd entries are skipped with a reason; a wrong shape throws', () => {
    const { markets, skipped } = hyperliquid.parseMeta({
      universe: [{ name: 'BTC', szDecimals: 5 }, 'x', { name: 'A:B', szDecimals: 1 }, { name: 'C', szDecimals: 9 }, { name: 'BTC', szDecimals: 5 }],
    });
    assert.deepEqual(markets.map((m) => m.symbol), ['BTC']);
    assert.deepEqual(skipped, ['#1: not an object', '#2: bad name', 'C: bad szDecimals', 'BTC: duplicate name']);
    assert.throws(() => hyperliquid.parseMeta([]), /body is not an object/);
    assert.throws(() => hyperliquid.parseMeta({ universe: {} }), /universe is not an array/);
  });

  test('fetch: POST {"type":"meta"}; HTTP errors, non-JSON and oversize bodies reject with what went wrong', async () => {
    const ok = fetchStub(() => json(F.meta));
    const venue = hyperliquid.createHyperliquidVenue();
    const list = await venue.fetchMarkets({ restUrl: 'http://venue/info', fetch: ok.fetch });
    assert.equal(list.markets.length, 5);
    assert.deepEqual(ok.requests, [{ url: 'http://venue/info', method: 'POST', body: '{"type":"meta"}' }]);
    assert.equal(venue.decode(F.l2BookDydx, 0).type === 'book' && (venue.decode(F.l2BookDydx, 0) as { event: BookEvent }).event.market, 4,
      'parse names coins from the list just fetched');
    const fail = async (res: Response) => venue.fetchMarkets({ restUrl: 'http://venue/info', fetch: fetchStub(() => res).fetch });
    await assert.rejects(fail(json('{}', 500)), /hyperliquid meta: HTTP 500/);
    await assert.rejects(fail(json('<html>')), /body is not JSON/);
    await assert.rejects(fail(json('{}', 200, { 'content-length': String(64 * 1024 * 1024) })), /over/);
    await assert.rejects(venue.fetchMarkets({ restUrl: 'http://venue/info', fetch: (() => Promise.reject(new Error('ECONNREFUSED'))) as typeof fetch }),
      /hyperliquid meta: ECONNREFUSED/);
  });
});
