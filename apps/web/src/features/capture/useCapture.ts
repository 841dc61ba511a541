// Recording and replay as the server reports them (GET /api/capture), polled: one venue's (null:
// the first venue's that records or replays), or each venue's for the side-by-side table.
import type { CaptureResponse } from '@ob/protocol';
import { getCapture } from '../../api/client';
import { usePolled, type Polled } from '../../lib/usePolled';
import { usePolledEach, type VenueResult } from '../../lib/usePolledEach';

export const CAPTURE_POLL_MS = 2_000;

export type Capture = Polled<CaptureResponse>;

export const useCapture = (venue: string | null, enabled: boolean): Capture =>
  usePolled((signal) => getCapture(venue, signal), CAPTURE_POLL_MS, [venue], enabled);

export const useCaptures = (venues: readonly string[], enabled: boolean): Polled<Array<VenueResult<CaptureResponse>>> =>
  usePolledEach((venue, signal) => getCapture(venue, signal), CAPTURE_POLL_MS, venues, enabled);
