import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReaderError } from '../src/errors';
import { checkName, checkStreamId, checkSymbol, compareIds, keysFor, splitMarketId, symbolOfKey } from '../src/keys';

const badOption = (fn: () => unknown, pattern: RegExp) => assert.throws(fn, (e: unknown) => e instanceof ReaderError && e.code === 'ERR_BAD_OPTION' && pattern.test(e.message));

test('the keys of the README\'s Redis layout', () => {
  const k = keysFor('ob');
  assert.equal(k.book('lighter', 'BTC'), 'ob:book:lighter:BTC');
  assert.equal(k.bookGz('lighter', 'BTC'), 'ob:book:lighter:BTC:gz');
  assert.equal(k.stream('lighter', 'BTC'), 'ob:stream:lighter:BTC');
  assert.equal(k.channel('lighter'), 'ob:updates:lighter');
  assert.equal(symbolOfKey('ob:book:lighter:BTC:gz', 'ob:book:lighter:'), 'BTC');
  assert.equal(symbolOfKey('ob:book:lighter:', 'ob:book:lighter:'), undefined);
  assert.deepEqual(splitMarketId('lighter:1000PEPE'), { venue: 'lighter', symbol: '1000PEPE' });
});

test('names, symbols and ids are checked, naming what is allowed', () => {
  assert.equal(checkName('prefix', 'ob-test.1'), 'ob-test.1');
  badOption(() => checkName('prefix', 'ob:x'), /^prefix must be 1 to 64 characters of A-Z/);
  badOption(() => checkName('a venue', '*'), /^a venue must be/);
  badOption(() => checkSymbol(''), /^a symbol must be 1 to 64 characters/);
  badOption(() => checkSymbol('BT*'), /without spaces or \* \? \[ \]/);
  assert.equal(checkStreamId('from', '1733150000000-12'), '1733150000000-12');
  badOption(() => checkStreamId('from["lighter:BTC"]', '$'), /^from\["lighter:BTC"\] must be a stream entry id/);
});

test('stream ids order by milliseconds, then sequence, beyond 2^53', () => {
  assert.ok(compareIds('1-0', '2-0') < 0);
  assert.ok(compareIds('2-0', '1-5') > 0);
  assert.ok(compareIds('5-2', '5-10') < 0);
  assert.equal(compareIds('7-7', '7-7'), 0);
  assert.ok(compareIds('9007199254740993-0', '9007199254740992-0') > 0);
});
