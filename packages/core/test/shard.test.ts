import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ownsMarket, parseShard, shardOf } from '@ob/core';

const symbols = Array.from({ length: 2000 }, (_, i) => `SYM${i}`);

describe('rendezvous sharding', () => {
  it('gives every market to exactly one of N shards, in roughly equal shares', () => {
    for (const n of [1, 2, 3, 5, 8]) {
      const counts = new Array<number>(n).fill(0);
      for (const s of symbols) {
        const owners = Array.from({ length: n }, (_, i) => ownsMarket({ index: i, count: n }, 'lighter', s)).filter(Boolean);
        assert.equal(owners.length, 1, `${s} owned once of ${n}`);
        counts[shardOf('lighter', s, n)]!++;
      }
      const fair = symbols.length / n;
      for (const c of counts) assert.ok(c > fair * 0.8 && c < fair * 1.2, `shares ${counts.join(',')} of ${n} near ${fair}`);
    }
  });

  it('adding a shard moves only the markets the new shard takes, about 1/(N+1) of them', () => {
    for (const n of [1, 2, 3, 7]) {
      let moved = 0;
      for (const s of symbols) {
        const before = shardOf('lighter', s, n);
        const after = shardOf('lighter', s, n + 1);
        if (before !== after) { moved++; assert.equal(after, n, `${s} moved from ${before} to ${after}, not to the new shard`); }
      }
      const expected = symbols.length / (n + 1);
      assert.ok(moved > expected * 0.8 && moved < expected * 1.2, `${moved} moved going ${n}→${n + 1}, expected about ${expected}`);
    }
  });

  it('hashes venue and symbol together: the same symbol on two venues is placed independently', () => {
    const differ = symbols.filter((s) => shardOf('lighter', s, 4) !== shardOf('binance-usdm', s, 4)).length;
    assert.ok(differ > symbols.length / 2, `${differ} of ${symbols.length} differ`);
  });

  it('parses i/N and names the allowed range when it is wrong', () => {
    assert.deepEqual(parseShard('1/3'), { index: 1, count: 3 });
    assert.equal(parseShard(''), undefined);
    assert.match(String(parseShard('3/3')), /from 0 to 2/);
    assert.match(String(parseShard('0/0')), /from 1 to 1024/);
    assert.match(String(parseShard('a/b')), /i\/N/);
  });
});
