// Record & replay (GET /api/capture, polled): the venue in view in detail, or every venue's
// capture side by side.
import { useVenueFilter, useVenueInView } from '../venues/useVenueFilter';
import { CaptureByVenue } from './CaptureByVenue';
import { CaptureDetail } from './CaptureDetail';
import { useCapture, useCaptures } from './useCapture';

export function CapturePanel() {
  const [filtered] = useVenueFilter();
  const { venue, venues } = useVenueInView();
  const several = venue === null && venues.length > 1;
  const one = useCapture(filtered, !several);
  const each = useCaptures(venues, several);
  const captures = several ? (each.data ?? []).flatMap((r) => (r.data ? [r.data] : [])) : one.data ? [one.data] : [];
  const error = several ? each.error : one.error;
  const loaded = several ? each.data !== null : one.data !== null;
  return (
    <section className="panel capture-panel" aria-label="Record and replay" data-testid="capture-panel" data-venue={venue ?? ''}>
      <div className="panel-head">
        <h2>Record &amp; replay{venue && venues.length > 1 && <span className="venue-tag" data-testid="panel-venue">{venue}</span>}</h2>
        {captures.some((c) => c.recording) && <span className="pill tone-bad" data-testid="recording-pill">● recording</span>}
        {captures.some((c) => c.replay) && <span className="pill tone-muted" data-testid="replay-pill">replay</span>}
      </div>
      {!loaded && <div className="empty">{error ? `Capture: ${error}` : 'Asking the server…'}</div>}
      {several && each.data && <CaptureByVenue results={each.data} />}
      {!several && one.data && <CaptureDetail data={one.data} />}
      {loaded && error && <p className="field-error">Last poll failed: {error}</p>}
    </section>
  );
}
