// Recording and replay as the server reports them (GET /api/capture), polled.
import type { CaptureResponse } from '@ob/protocol';
import { getCapture } from '../../api/client';
import { usePolled, type Polled } from '../../lib/usePolled';

export const CAPTURE_POLL_MS = 2_000;

export type Capture = Polled<CaptureResponse>;

export const useCapture = (): Capture => usePolled(getCapture, CAPTURE_POLL_MS, []);
