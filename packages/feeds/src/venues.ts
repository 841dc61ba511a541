// The venue registry: name → a factory of its module (a module may hold per-engine state, such
// as a symbol → id registry, so each engine makes its own). Adding a venue is one folder in this
// package and one line here.
import type { VenueModule } from './connection/types';
import { lighterVenue } from './lighter/index';

export const VENUES: ReadonlyMap<string, () => VenueModule> = new Map<string, () => VenueModule>([
  ['lighter', () => lighterVenue],
]);

export function venueModule(name: string): VenueModule {
  const make = VENUES.get(name);
  if (!make) throw new RangeError(`unknown venue ${JSON.stringify(name)}; known: ${[...VENUES.keys()].join(', ')}`);
  return make();
}
