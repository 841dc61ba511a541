// Says so while the dashboard has no live link to the server, and when it will retry.
import { useEffect, useState } from 'react';
import { useLive } from '../../live/LiveContext';

export function ReconnectBanner() {
  const { link, attempt, retryAt } = useLive();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (link === 'open') return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [link, retryAt]);

  if (link === 'open') return null;
  if (link === 'connecting') {
    return <div className="banner tone-muted" role="status" data-testid="link-banner">Connecting to the server…</div>;
  }
  const wait = retryAt ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : 0;
  return (
    <div className="banner tone-warn" role="alert" data-testid="link-banner">
      <strong>Reconnecting…</strong> the live connection to the server is lost
      {` (attempt ${attempt}${wait > 0 ? `, next try in ${wait} s` : ', trying now'})`}. Figures below are frozen.
    </div>
  );
}
