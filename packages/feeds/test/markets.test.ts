// The market list is input from outside: shape errors refuse it, odd entries are skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchMarketList, MAX_MARKET_ID, parseMarketList, selectMarkets } from '../src/index';

const entry = (o: object) => ({ symbol: 'ETH', market_id: 0, status: 'active', supported_price_decimals: 2, supported_size_decimals: 4, ...o });

test('takes every active market with its decimals, sorted by id, ignoring unknown fields', () => {
  const list = parseMarketList({
    code: 200,
    order_books: [
      entry({ symbol: 'BTC', market_id: 1, taker_fee: '0.0000', market_type: 'perp' }),
      entry({}),
      entry({ symbol: 'OLD', market_id: 3, status: 'inactive' }),
      entry({ symbol: 'X', market_id: 5, supported_price_decimals: undefined }),
    ],
  });
  const perp = (base: string) => ({ base, quote: 'USD', kind: 'perp' });
  assert.deepEqual(list.markets, [
    { id: 0, symbol: 'ETH', instrument: perp('ETH'), priceDecimals: 2, sizeDecimals: 4 },
    { id: 1, symbol: 'BTC', instrument: perp('BTC'), priceDecimals: 2, sizeDecimals: 4 },
    { id: 5, symbol: 'X', instrument: perp('X'), sizeDecimals: 4 },
  ]);
  assert.deepEqual(list.skipped, []);
});

test('orderBookDetails: perps and spot markets, ids above 4095, kinds from the list they come in', () => {
  const list = parseMarketList({
    code: 200,
    order_book_details: [entry({ symbol: 'BTC', market_id: 1 }), entry({ symbol: 'NEW', market_id: 5000 })],
    spot_order_book_details: [entry({ symbol: 'ETH/USDC', market_id: 2048 }), entry({ symbol: 'BAD', market_id: 2049, market_type: 'future' })],
  });
  assert.deepEqual(list.markets.map((m) => [m.id, m.symbol, m.instrument?.kind, m.instrument?.quote]),
    [[1, 'BTC', 'perp', 'USD'], [2048, 'ETH/USDC', 'spot', 'USDC'], [5000, 'NEW', 'perp', 'USD']]);
  assert.deepEqual(list.skipped, ['BAD: bad market_type']);
  assert.throws(() => parseMarketList({ code: 200, order_book_details: {} }), /order_book_details/);
});

test('refuses a body of the wrong shape', () => {
  for (const body of [null, [], 'x', { code: 500, order_books: [] }, { code: 200 }, { code: 200, order_books: {} },
    { code: 200, order_books: new Array(100_001).fill(entry({})) }]) {
    assert.throws(() => parseMarketList(body), /market list/, JSON.stringify(body)?.slice(0, 60));
  }
});

test('skips entries with bad fields or duplicates, keeping the rest', () => {
  const list = parseMarketList({
    code: 200,
    order_books: [
      entry({}), 'nope', entry({ symbol: '' }), entry({ symbol: 'A B', market_id: 9 }), entry({ symbol: 'k:x', market_id: 9 }),
      entry({ symbol: 'NEG', market_id: -1 }), entry({ symbol: 'BIG', market_id: MAX_MARKET_ID + 1 }),
      entry({ symbol: 'FLT', market_id: 1.5 }), entry({ symbol: 'STR', market_id: '4' }),
      entry({ symbol: 'ST', market_id: 6, status: 1 }), entry({ symbol: 'DEC', market_id: 7, supported_size_decimals: -1 }),
      entry({ symbol: 'DUP', market_id: 0 }), entry({ market_id: 8 }), entry({ symbol: 'ETH/USDC', market_id: 2048 }),
    ],
  });
  assert.deepEqual(list.markets.map((m) => m.symbol), ['ETH', 'ETH/USDC']);
  assert.equal(list.skipped.length, 12);
});

test('selectMarkets: empty = all; unknown symbols reported', () => {
  const known = [{ id: 0, symbol: 'ETH' }, { id: 1, symbol: 'BTC' }];
  assert.deepEqual(selectMarkets(known, [], ['perp']).selected, known);
  assert.deepEqual(selectMarkets(known, ['BTC', 'ZZZ'], ['perp']), { selected: [{ id: 1, symbol: 'BTC' }], missing: ['ZZZ'] });
  assert.deepEqual(selectMarkets(known, [], ['spot']).selected, [], 'a market without an instrument is a perp');
});

test('fetchMarketList: HTTP errors, non-JSON, oversize bodies and a hung server all reject', async () => {
  let mode = 'ok';
  const srv = createServer((req, res) => {
    if (mode === 'hang') return;   // never answers
    if (mode === '500') { res.writeHead(500).end('{}'); return; }
    if (mode === 'html') { res.writeHead(200).end('<html>'); return; }
    if (mode === 'huge') { res.writeHead(200); res.end('x'.repeat(5 * 1024 * 1024)); return; }
    res.writeHead(200).end(JSON.stringify({ code: 200, order_books: [entry({})] }));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/api/v1/orderBooks`;
  try {
    assert.equal((await fetchMarketList(url, fetch)).markets.length, 1);
    mode = '500';
    await assert.rejects(fetchMarketList(url, fetch), /HTTP 500/);
    mode = 'html';
    await assert.rejects(fetchMarketList(url, fetch), /not JSON/);
    mode = 'huge';
    await assert.rejects(fetchMarketList(url, fetch), /bytes/);
    mode = 'hang';
    await assert.rejects(fetchMarketList(url, fetch, undefined, 100));
  } finally {
    srv.closeAllConnections();
    await new Promise<void>((r) => srv.close(() => r()));
  }
});
