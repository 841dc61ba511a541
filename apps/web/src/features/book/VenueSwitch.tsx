// The book inspector's venue filter: the market's instrument on every venue that lists it (a
// venue with several markets of it shows each, by symbol), the one shown marked current.
import type { MarketStats } from '@ob/protocol';
import { groupKey } from '@ob/protocol';
import { Link } from 'react-router-dom';
import { bookPath, type BookNavState } from './paths';

interface Props { market: MarketStats; markets: readonly MarketStats[]; state: BookNavState }

export function VenueSwitch({ market, markets, state }: Props) {
  const key = groupKey(market.instrument)?.key;
  const same = key ? markets.filter((m) => groupKey(m.instrument)?.key === key) : [];
  if (same.length < 2) return null;
  const perVenue = new Map<string, number>();
  for (const m of same) perVenue.set(m.venue, (perVenue.get(m.venue) ?? 0) + 1);
  return (
    <nav className="segmented venue-switch" aria-label={`${key} on each venue`} data-testid="book-venue-switch">
      {same.map((m) => {
        const current = m.venue === market.venue && m.symbol === market.symbol;
        return (
          <Link key={`${m.venue}:${m.symbol}`} to={bookPath(m.venue, m.symbol)} state={state} aria-current={current ? 'page' : undefined} data-venue={m.venue} title={`${m.symbol} on ${m.venue} (${m.instrument})`}>
            {m.venue}{(perVenue.get(m.venue) ?? 0) > 1 && <span className="sub"> {m.symbol}</span>}
          </Link>
        );
      })}
    </nav>
  );
}
