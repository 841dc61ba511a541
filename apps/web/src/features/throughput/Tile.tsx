export type Tone = 'ok' | 'warn' | 'bad' | 'muted';

interface TileProps {
  id: string;
  label: string;
  value: string;
  sub?: string | undefined;
  tone?: Tone | undefined;
}

export function Tile({ id, label, value, sub, tone }: TileProps) {
  return (
    <div className={`tile${tone ? ` tone-${tone}` : ''}`} data-testid={`tile-${id}`}>
      <div className="tile-label">{label}</div>
      <div className="tile-value" data-testid="tile-value">{value}</div>
      {sub && <div className="tile-sub">{sub}</div>}
    </div>
  );
}
