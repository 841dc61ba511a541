// Every venue's recording or replay side by side: with several venues RECORD writes a folder
// per venue, each with its own parts, frames and drops; a venue's name shows it alone.
import type { CaptureResponse } from '@ob/protocol';
import { formatCount } from '../../lib/format';
import type { VenueResult } from '../../lib/usePolledEach';
import { VenuePick } from '../venues/VenuePick';
import { CaptureOff } from './CaptureDetail';
import { captureRow } from './summary';

export function CaptureByVenue({ results }: { results: ReadonlyArray<VenueResult<CaptureResponse>> }) {
  if (results.every((r) => r.data && !r.data.recording && !r.data.replay)) return <CaptureOff />;
  return (
    <div className="table-scroll">
      <table className="connections-table by-venue" aria-label="Record and replay by venue" data-testid="capture-by-venue">
        <thead>
          <tr><th>venue</th><th>part</th><th className="num">size</th><th className="num">frames</th><th className="num" title="Dropped by the recorder, or skipped by the replay">lost</th></tr>
        </thead>
        <tbody>
          {results.map(({ venue, data, error }) => {
            const r = data ? captureRow(data) : null;
            return (
              <tr key={venue} data-testid="capture-venue-row" data-venue={venue}>
                <td><VenuePick venue={venue} /></td>
                {!r || r.what === '' ? <td colSpan={4} className="muted">{error ?? 'not recording'}</td> : (
                  <>
                    <td className={r.error ? 'tone-bad' : undefined} title={r.error ?? r.what}>{r.error ? `failed: ${r.error}` : `${r.what === 'recording' ? '' : `${r.what} · `}${r.where}`}</td>
                    <td className="num" title={r.ratio}>{r.size}</td>
                    <td className="num">{formatCount(r.frames)}</td>
                    <td className={`num${r.lost > 0 ? ' tone-warn' : ''}`}>{formatCount(r.lost)}</td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
