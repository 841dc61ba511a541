import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rssSlope, soakMarkdown, type SoakSample } from './report';

const run = (rss: (min: number) => number): SoakSample[] => Array.from({ length: 60 }, (_, i) => ({
  min: i + 1, rssMB: rss(i + 1), heapMB: 16, messages: (i + 1) * 600_000, snapshots: (i + 1) * 18_000,
  stalenessP99: 110, gaps: 0, redisErrors: 0,
}));

test('RSS slope is judged on the second half: warm-up growth does not count, a leak does', () => {
  assert.equal(rssSlope(run((m) => (m <= 30 ? 100 + m : 130))), 0);
  assert.ok(Math.abs(rssSlope(run((m) => 100 + 0.5 * m)) - 0.5) < 1e-9);
  assert.ok(Number.isNaN(rssSlope(run(() => 1).slice(0, 2))), 'too short to say');
});

test('the section names the run, the slope, the totals and a row every 5 minutes', () => {
  const md = soakMarkdown({ rate: 10_000, minutes: 60, startedAt: new Date(0), commit: 'abc1234', samples: run((m) => 130 + (m % 2)) });
  assert.match(md, /^## Soak: 60 min at 10,000 msg\/s/);
  assert.match(md, /commit abc1234/);
  assert.match(md, /slope over the second half \*\*-?0\.0\d\d MB\/min\*\* \(flat: no growth/);
  const leak = soakMarkdown({ rate: 10_000, minutes: 60, startedAt: new Date(0), commit: 'abc1234', samples: run((m) => 100 + m) });
  assert.match(leak, /\*\*1\.000 MB\/min\*\* \(\*\*growing\*\*/);
  assert.match(md, /36,000,000 messages, 1,080,000 snapshots written \(33\.3:1\)/);
  assert.equal(md.match(/^\| \d+ \|/gm)!.length, 13, 'minutes 1, 5, 10, ..., 60');
});
