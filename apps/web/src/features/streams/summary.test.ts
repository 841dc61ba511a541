import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamsResponse } from '@ob/protocol';
import { summarize, TRIM_SLACK } from './summary';

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
