// A market's instrument, linking to the cross-venue view of it (BTC-USDC-PERP → /instruments/BTC-PERP).
import { groupKey } from '@ob/protocol';
import { Link } from 'react-router-dom';

export const crossPath = (key: string) => `/instruments/${encodeURIComponent(key)}`;

export function InstrumentLink({ instrument }: { instrument: string }) {
  const g = groupKey(instrument);
  if (!g) return <span className="sub instrument">{instrument}</span>;
  return (
    <Link className="sub instrument" to={crossPath(g.key)} onClick={(e) => e.stopPropagation()} title={`${g.key} on every venue`}>
      {instrument}
    </Link>
  );
}
