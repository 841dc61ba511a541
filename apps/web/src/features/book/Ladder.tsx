// Price ladder: asks above (best ask lowest, next to the spread), bids below, size bars behind.
import type { BookSnapshot } from '@ob/protocol';
import { decimalsOf, formatLike, formatSize } from '../../lib/decimal';
import { ladder, topOf, type LadderRow } from './bookMath';

function Row({ row, side }: { row: LadderRow; side: 'bid' | 'ask' }) {
  return (
    <div className={`ladder-row ${side}`} data-testid={`${side}-row`} data-price={row.price}>
      <span className="bar" style={{ width: `${(row.fill * 100).toFixed(1)}%` }} aria-hidden="true" />
      <span className="price">{row.price}</span>
      <span className="size" title={row.size}>{formatSize(row.size)}</span>
    </div>
  );
}

interface Props { book: Pick<BookSnapshot, 'bids' | 'asks'>; levels: number; testId: string; caption: string }

export function Ladder({ book, levels, testId, caption }: Props) {
  const { asks, bids } = ladder(book, levels);
  const top = topOf(book);
  return (
    <div className="ladder" data-testid={testId}>
      <div className="ladder-caption">{caption}</div>
      <div className="ladder-head"><span>Price</span><span>Size</span></div>
      {asks.map((r) => <Row key={`a${r.price}`} row={r} side="ask" />)}
      <div className="ladder-spread" data-testid="spread-row">
        spread <b data-testid="spread">{formatLike(top.spread, top.bestBid, top.bestAsk)}</b>
        {top.spreadBps !== null && <span> ({top.spreadBps.toFixed(2)} bps)</span>}
        <span className="sep">·</span> mid <b>{top.mid === null ? '–' : top.mid.toFixed(Math.min(10, Math.max(decimalsOf(top.bestBid), decimalsOf(top.bestAsk)) + 1))}</b>
      </div>
      {bids.map((r) => <Row key={`b${r.price}`} row={r} side="bid" />)}
      {asks.length + bids.length === 0 && <div className="empty">Empty book</div>}
    </div>
  );
}
