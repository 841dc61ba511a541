// Route /venues/:venue/markets/:symbol (and the older /markets/:symbol: the first venue listing
// it): one market's live book, its depth, and optionally the Redis copy.
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { useLive } from '../../live/LiveContext';
import { formatAgo, formatCount } from '../../lib/format';
import { InstrumentLink } from '../cross/InstrumentLink';
import { DepthChart } from './DepthChart';
import { backTo } from './paths';
import { Ladder } from './Ladder';
import { RedisPanel } from './RedisPanel';
import { useBookStream } from './useBookStream';
import { useRedisBook } from './useRedisBook';
import { VenueSwitch } from './VenueSwitch';

const LADDER_LEVELS = [10, 20, 50] as const;
const DEFAULT_DEPTH = 50;

export function BookPage() {
  const params = useParams();
  const symbol = params.symbol ?? '';
  const live = useLive();
  const market = live.markets.find((m) => m.symbol === symbol && (params.venue === undefined || m.venue === params.venue));
  const venue = params.venue ?? market?.venue ?? '';
  const venues = new Set(live.markets.map((m) => m.venue));
  const depth = market?.depth ?? live.config?.settings.depth ?? DEFAULT_DEPTH;
  const [levels, setLevels] = useState<number>(LADDER_LEVELS[0]);
  const [showRedis, setShowRedis] = useState(false);
  const { book, seen, notFound, framesPerSec } = useBookStream(venue, symbol, depth);
  const redis = useRedisBook(venue, symbol, showRedis);
  const back = backTo(useLocation().state);

  if (notFound || (live.markets.length > 0 && !market && (params.venue === undefined || venues.has(params.venue)))) {
    return (
      <section className="panel">
        <p><Link to={back}>← Overview</Link></p>
        <h2>No market “{symbol}”{params.venue ? ` on ${params.venue}` : ''}</h2>
        <p>The server does not know this symbol. Pick one from the markets table.</p>
      </section>
    );
  }

  return (
    <section className="panel book-page" aria-labelledby="book-title">
      <header className="panel-head">
        <Link to={back} className="back" data-testid="book-back">← Overview</Link>
        <h2 id="book-title">{symbol} <span className="venue-tag" data-testid="book-venue">{venue}</span></h2>
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
        {market?.instrument && <span className="hint"><InstrumentLink instrument={market.instrument} /></span>}
        {market && <VenueSwitch market={market} markets={live.markets} state={{ back }} />}
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
