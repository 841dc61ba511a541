// What Redis holds for this market, beside the in-memory book, and whether the two agree.
import type { BookSnapshot } from '@ob/protocol';
import { formatAgo } from '../../lib/format';
import { agreement, type Agreement } from './bookMath';
import { Ladder } from './Ladder';
import type { RedisBook } from './useRedisBook';

function badge(a: Agreement): { tone: string; text: string } {
  switch (a.state) {
    case 'match': return { tone: 'ok', text: `match: equals the in-memory book at seq ${a.seq}` };
    case 'mismatch': return { tone: 'bad', text: `MISMATCH: differs from the in-memory book at seq ${a.seq}` };
    case 'behind': return { tone: 'muted', text: `not compared: seq ${a.seq} is ${a.by} updates older than any book seen here` };
    case 'ahead': return { tone: 'muted', text: `not compared yet: seq ${a.seq} is newer than the book shown` };
    case 'missing': return { tone: 'bad', text: 'missing: no key in Redis' };
  }
}

interface Props { redis: RedisBook; book: BookSnapshot | null; seen: ReadonlyMap<number, BookSnapshot>; levels: number }

export function RedisPanel({ redis, book, seen, levels }: Props) {
  const { data, error } = redis;
  if (!data) {
    return <div className="redis-panel"><div className="empty">{error ? `Redis: ${error}` : 'Reading Redis…'}</div></div>;
  }
  const a = agreement(data.snapshot, seen, book);
  const b = badge(a);
  const snap = data.snapshot;
  return (
    <div className="redis-panel" data-testid="redis-panel">
      <div className={`match tone-${b.tone}`} data-testid="redis-match" data-state={a.state}>{b.text}</div>
      <dl className="redis-meta">
        <dt>key</dt><dd><code>{data.key}</code></dd>
        <dt>TTL</dt><dd>{data.ttlSeconds >= 0 ? `${data.ttlSeconds} s` : data.ttlSeconds === -1 ? 'no expiry' : 'missing'}</dd>
        <dt>encoding</dt><dd>{data.compressed ? 'gzip' : 'JSON'}</dd>
        {snap && <><dt>written</dt><dd>{formatAgo(redis.fetchedAt - snap.writtenTs)} before read · read {formatAgo(Date.now() - redis.fetchedAt)} ago</dd></>}
      </dl>
      {error && <p className="field-error">Last poll failed: {error}</p>}
      {snap && <Ladder book={snap} levels={levels} testId="redis-ladder" caption={`Redis · seq ${snap.seq}`} />}
    </div>
  );
}
