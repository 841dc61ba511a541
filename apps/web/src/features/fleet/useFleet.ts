// The fleet as this instance reads it from Redis (GET /api/fleet), polled.
import type { FleetView } from '@ob/protocol';
import { getFleet } from '../../api/client';
import { usePolled, type Polled } from '../../lib/usePolled';

export const FLEET_POLL_MS = 2_000;

export type Fleet = Polled<FleetView>;

export const useFleet = (): Fleet => usePolled(getFleet, FLEET_POLL_MS, []);
