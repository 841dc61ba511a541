import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamsResponse } from '@ob/protocol';
import { byVenue, summarize, TRIM_SLACK } from './summary';

const response = (mode: StreamsResponse['mode'], lengths: number[]): StreamsResponse => ({
  mode, maxLen: 1000, channel: 'ob:updates:lighter', readers: 2, entries: 5000,
  streams: lengths.map((length, i) => ({ symbol: `S${i}`, key: `ob:stream:lighter:S${i}`, length })),
});

test('the mode, the entries held and the longest stream', () => {
  assert.deepEqual(summarize(response('snapshot', [10, 0, 990])), { mode: 'snapshot · maxLen 1,000', streams: 2, held: 1000, longest: 990, overLimit: 0 });
  assert.equal(summarize(response('off', [])).mode, 'off');
});

test('a stream past maxLen by more than approximate trimming leaves is flagged', () => {
  assert.equal(summarize(response('top', [1000 + TRIM_SLACK])).overLimit, 0);
  assert.equal(summarize(response('top', [1000 + TRIM_SLACK + 1, 5])).overLimit, 1);
});

test('by venue: each venue\'s channel and readers, its streams held and its longest', () => {
  const all: StreamsResponse = {
    ...response('snapshot', []), readers: 3,
    channels: [{ venue: 'lighter', channel: 'ob:updates:lighter', readers: 1 }, { venue: 'okx', channel: 'ob:updates:okx', readers: 2 }],
    streams: [
      { venue: 'lighter', symbol: 'BTC', key: 'ob:stream:lighter:BTC', length: 10 },
      { venue: 'okx', symbol: 'BTC-USDT-SWAP', key: 'ob:stream:okx:BTC-USDT-SWAP', length: 1200 },
      { venue: 'okx', symbol: 'ETH-USDT-SWAP', key: 'ob:stream:okx:ETH-USDT-SWAP', length: 0 },
    ],
  };
  const [lighter, okx] = byVenue(all);
  assert.deepEqual({ ...lighter }, { venue: 'lighter', channel: 'ob:updates:lighter', readers: 1, mode: 'snapshot · maxLen 1,000', streams: 1, held: 10, longest: 10, overLimit: 0 });
  assert.deepEqual([okx!.venue, okx!.readers, okx!.streams, okx!.held, okx!.longest, okx!.overLimit], ['okx', 2, 1, 1200, 1200, 1]);
  assert.equal(byVenue(response('off', [1])).length, 1, 'one venue: its channel alone');
});
