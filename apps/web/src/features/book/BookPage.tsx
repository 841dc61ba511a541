// Route /markets/:symbol: one market's live book, its depth, and optionally the Redis copy.
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useLive } from '../../live/LiveContext';
import { formatAgo, formatCount } from '../../lib/format';
import { DepthChart } from './DepthChart';
import { Ladder } from './Ladder';
import { RedisPanel } from './RedisPanel';
import { useBookStream } from './useBookStream';
import { useRedisBook } from './useRedisBook';

const LADDER_LEVELS = [10, 20, 50] as const;
const DEFAULT_DEPTH = 50;

export function BookPage() {
  const symbol = useParams().symbol ?? '';
  const live = useLive();
  const market = live.markets.find((m) => m.symbol === symbol);
  const depth = market?.depth ?? live.config?.settings.depth ?? DEFAULT_DEPTH;
  const [levels, setLevels] = useState<number>(LADDER_LEVELS[0]);
  const [showRedis, setShowRedis] = useState(false);
  const { book, seen, notFound, framesPerSec } = useBookStream(symbol, depth);
  const redis = useRedisBook(symbol, showRedis);

  if (notFound) {
    return (
      <section className="panel">
        <p><Link to="/">← Overview</Link></p>
        <h2>No market “{symbol}”</h2>
        <p>The server does not know this symbol. Pick one from the markets table.</p>
      </section>
    );
  }

  return (
    <section className="panel book-page" aria-labelledby="book-title">
      <header className="panel-head">
        <Link to="/" className="back">← Overview</Link>
        <h2 id="book-title">{symbol}</h2>
        <span className="hint" data-testid="book-meta">
          {book ? `seq ${book.seq} · ${book.venue} · received ${formatAgo(Date.now() - book.receivedTs)} ago` : 'waiting for the book…'}
          {' · '}{formatCount(framesPerSec)} frames/s{market && !market.valid ? ' · resyncing' : ''}
        </span>
      </header>
      <div className="row controls">
        <div className="segmented" role="group" aria-label="Ladder levels">
          {LADDER_LEVELS.map((n) => (
            <button key={n} type="button" aria-pressed={levels === n} onClick={() => setLevels(n)}>{n} levels</button>
          ))}
        </div>
        <label className="toggle">
          <input type="checkbox" checked={showRedis} onChange={(e) => setShowRedis(e.target.checked)} data-testid="redis-toggle" />
          Compare with Redis
        </label>
      </div>
      <div className={`book-grid${showRedis ? ' with-redis' : ''}`}>
        {book ? <Ladder book={book} levels={levels} testId="memory-ladder" caption="In memory" /> : <div className="empty">Waiting for the book…</div>}
        {showRedis && <RedisPanel redis={redis} book={book} seen={seen} levels={levels} />}
      </div>
      {book && <DepthChart book={book} />}
    </section>
  );
}
